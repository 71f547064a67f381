import { isUuid } from '#libs/database';
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
 * The principal in one statement (migrations/1764600000000-principal-lookup.ts, 1765320000000-principal-stamp.ts):
 * a row per school role, or one row with no school for a user with none; each row also carries the user's
 * principal stamp and when the session's last live token expires. `$1` the user, `$2` the session
 * (refresh-token family).
 */
export const PRINCIPAL_SQL = `select is_platform_admin as "isPlatformAdmin", disabled_at as "disabledAt", live, school_id as "schoolId", role, stamp::text as stamp, live_until as "liveUntil" from app.principal($1, $2)`;

export interface PrincipalRow {
  isPlatformAdmin: boolean;
  disabledAt: Date | null;
  live: boolean;
  schoolId: string | null;
  role: Role | null;
  stamp: string | null;
  liveUntil: Date | null;
}

/** The principal those rows describe; null for an unknown or disabled user or a session that has ended. */
export function principalFromRows(userId: string, sessionId: string, rows: readonly PrincipalRow[]): Principal | null {
  const row = rows[0];
  if (!row || row.disabledAt || !row.live) return null;
  const schoolRoles: Record<string, Role[]> = {};
  for (const { schoolId, role } of rows) if (schoolId && role) (schoolRoles[schoolId] ??= []).push(role);
  return { userId, sessionId, isPlatformAdmin: row.isPlatformAdmin, schoolRoles };
}

/**
 * A principal as the database gave it, with what confirms it later: the user's principal stamp then (it moves
 * with every change app.principal would see, migrations/1765320000000-principal-stamp.ts) and when the session
 * ends of itself unless refreshed (ms since the epoch).
 */
export interface RememberedPrincipal {
  principal: Principal;
  stamp: string;
  liveUntil: number;
}

/** What to remember of a principal loaded from `rows`; null if there is nothing to confirm it by. */
export function rememberedFromRows(principal: Principal | null, rows: readonly PrincipalRow[]): RememberedPrincipal | null {
  const row = rows[0];
  if (!principal || !row?.stamp || !row.liveUntil) return null;
  return { principal, stamp: row.stamp, liveUntil: row.liveUntil.getTime() };
}

/** The user's principal stamp as a statement of its own (`$1` the user), its value named `checked`. */
export const STAMP_SQL = `select principal_stamp::text as checked from users where id = $1`;

/** The same read as a column of the transaction's opening statement, which carries no parameters: `userId` is a uuid. */
export function stampColumn(userId: string): string {
  if (!isUuid(userId)) throw new Error('stampColumn needs a user id (uuid)');
  return `(select principal_stamp::text from users where id = '${userId}')`;
}

/**
 * A principal remembered from an earlier request was not the database's when the request confirmed it: something
 * it was built from changed (or the session ended), so it is loaded again. Nothing the request did counts.
 */
export class PrincipalChangedError extends Error {
  constructor() {
    super('The caller’s access changed during the request');
    this.name = 'PrincipalChangedError';
  }
}

/**
 * The principals this process loaded lately, by session: a safe request (GET) starts from one and has the
 * database confirm its stamp in its transaction's opening statement, instead of waiting for a lookup of its own
 * (docs/security.md, 7.4.1). A prediction only: what the request may do is decided again if it differs.
 */
export class RememberedPrincipals {
  private readonly entries = new Map<string, { remembered: RememberedPrincipal; at: number }>();

  constructor(
    private readonly maxAgeMs = 60_000,
    private readonly max = 10_000,
  ) {}

  /** `now` on the monotonic clock (the age), `wallNow` on the wall clock (the session's own end). */
  get(userId: string, sessionId: string, now: number, wallNow: number): RememberedPrincipal | undefined {
    const key = `${userId}/${sessionId}`;
    const entry = this.entries.get(key);
    if (!entry) return undefined;
    if (now - entry.at > this.maxAgeMs || wallNow >= entry.remembered.liveUntil) {
      this.entries.delete(key);
      return undefined;
    }
    return entry.remembered;
  }

  /** What the database said of the session just now; null forgets it. */
  keep(userId: string, sessionId: string, remembered: RememberedPrincipal | null, now: number): void {
    const key = `${userId}/${sessionId}`;
    this.entries.delete(key);
    if (!remembered) return;
    // Oldest first in a Map's order: past the limit, the one kept longest ago goes.
    if (this.entries.size >= this.max) this.entries.delete(this.entries.keys().next().value as string);
    this.entries.set(key, { remembered, at: now });
  }
}
