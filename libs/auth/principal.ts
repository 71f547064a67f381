import type { Role } from '#libs/vocabulary';

/** Who is calling, as the database says now (not as the token claimed when it was issued). */
export interface Principal {
  userId: string;
  /** The refresh-token family this access token belongs to; logout revokes it. */
  sessionId: string;
  isPlatformAdmin: boolean;
  /** schoolId → roles held there, trust-lead access included. */
  schoolRoles: Record<string, Role[]>;
}

export function rolesIn(principal: Principal, schoolId: string): Role[] {
  return principal.schoolRoles[schoolId] ?? [];
}

/** Access tokens are HS256 only, from this issuer, for this audience: a token minted for anything else is refused. */
export const JWT_ISSUER = 'sen-manager';
export const JWT_AUDIENCE = 'sen-manager-api';
