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

/**
 * The principal in one statement (migrations/1764600000000-principal-lookup.ts): a row per school role, or one
 * row with no school for a user with none. `$1` the user, `$2` the session (refresh-token family).
 */
export const PRINCIPAL_SQL = `select is_platform_admin as "isPlatformAdmin", disabled_at as "disabledAt", live, school_id as "schoolId", role from app.principal($1, $2)`;

export interface PrincipalRow {
  isPlatformAdmin: boolean;
  disabledAt: Date | null;
  live: boolean;
  schoolId: string | null;
  role: Role | null;
}

/** The principal those rows describe; null for an unknown or disabled user or a session that has ended. */
export function principalFromRows(userId: string, sessionId: string, rows: readonly PrincipalRow[]): Principal | null {
  const row = rows[0];
  if (!row || row.disabledAt || !row.live) return null;
  const schoolRoles: Record<string, Role[]> = {};
  for (const { schoolId, role } of rows) if (schoolId && role) (schoolRoles[schoolId] ??= []).push(role);
  return { userId, sessionId, isPlatformAdmin: row.isPlatformAdmin, schoolRoles };
}

/** The same user, session, platform role and school roles (in any order). */
export function samePrincipal(a: Principal, b: Principal): boolean {
  const roles = (p: Principal) =>
    Object.entries(p.schoolRoles)
      .map(([school, r]) => `${school}:${[...r].sort().join(',')}`)
      .sort()
      .join(';');
  return a.userId === b.userId && a.sessionId === b.sessionId && a.isPlatformAdmin === b.isPlatformAdmin && roles(a) === roles(b);
}

/**
 * A principal remembered from an earlier request was not the database's when the request confirmed it: the
 * session ended (`principal` null) or its access changed. Nothing the request did counts.
 */
export class PrincipalChangedError extends Error {
  constructor(readonly principal: Principal | null) {
    super(principal ? 'The caller’s access changed during the request' : 'Session has ended; sign in again');
    this.name = 'PrincipalChangedError';
  }
}

/**
 * The principals this process loaded lately, by session: a safe request (GET) starts from one and has the
 * database confirm it in its own first round trip, instead of waiting for a lookup of its own
 * (docs/security.md, 7.4.1). A prediction only: what the request may do is decided again if it differs.
 */
export class RememberedPrincipals {
  private readonly entries = new Map<string, { principal: Principal; at: number }>();

  constructor(
    private readonly maxAgeMs = 60_000,
    private readonly max = 10_000,
  ) {}

  get(userId: string, sessionId: string, now: number): Principal | undefined {
    const key = `${userId}/${sessionId}`;
    const entry = this.entries.get(key);
    if (entry && now - entry.at > this.maxAgeMs) this.entries.delete(key);
    return entry && now - entry.at <= this.maxAgeMs ? entry.principal : undefined;
  }

  /** What the database said of the session just now; null forgets it. */
  keep(userId: string, sessionId: string, principal: Principal | null, now: number): void {
    const key = `${userId}/${sessionId}`;
    this.entries.delete(key);
    if (!principal) return;
    // Oldest first in a Map's order: past the limit, the one kept longest ago goes.
    if (this.entries.size >= this.max) this.entries.delete(this.entries.keys().next().value as string);
    this.entries.set(key, { principal, at: now });
  }
}
