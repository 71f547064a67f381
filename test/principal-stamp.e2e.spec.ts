import { randomUUID } from 'node:crypto';
import jwt from 'jsonwebtoken';
import type { DataSource } from 'typeorm';
import { Membership, RefreshSession, TrustMembership, User } from '#libs/auth';
import { TenantTransactions } from '#libs/database';
import { createTestSchool, createTrustWithLead, unusedUrn } from '#libs/testing';
import { School } from '#libs/tenancy';
import { startTestApi, type TestApi } from './helpers/api.js';

/**
 * A remembered principal is confirmed by the user's principal stamp (migrations/1765320000000-principal-stamp.ts,
 * docs/security.md 7.4.1), so every change app.principal would see must move it, whoever writes it and under
 * whatever row-level security they write with; and nothing may move it back.
 */
let api: TestApi;
let ds: DataSource;
beforeAll(async () => {
  api = await startTestApi();
  ds = api.dataSource;
});
afterAll(async () => {
  await api.close();
});

const stampOf = async (userId: string): Promise<bigint> =>
  BigInt((await ds.query<{ s: string }[]>(`select principal_stamp::text as s from users where id = $1`, [userId]))[0]!.s);

/** `work` as the app role in `scope`, and whether it moved the user's stamp. */
async function moves(userId: string, scope: Parameters<TenantTransactions['run']>[0], work: Parameters<TenantTransactions['run']>[1]): Promise<boolean> {
  const before = await stampOf(userId);
  await new TenantTransactions(ds).run(scope, work);
  return (await stampOf(userId)) > before;
}

const admin = { schoolIds: [], platformAdmin: true } as const;

it('moves when a school membership is made, changed or removed, by the school’s own staff pages', async () => {
  const fixture = await createTestSchool(ds);
  const user = fixture.users.teacher.id;
  const inSchool = { schoolIds: [fixture.school.id] };
  expect(await moves(user, inSchool, (m) => m.insert(Membership, { schoolId: fixture.school.id, userId: user, role: 'senco' }))).toBe(true);
  expect(await moves(user, inSchool, (m) => m.update(Membership, { schoolId: fixture.school.id, userId: user, role: 'senco' }, { role: 'head' }))).toBe(true);
  expect(await moves(user, inSchool, (m) => m.delete(Membership, { schoolId: fixture.school.id, userId: user, role: 'head' }))).toBe(true);
});

it('moves when a trust membership is made or removed, and for a trust’s leads when a school joins or leaves it', async () => {
  const { trust, lead } = await createTrustWithLead(ds);
  const other = await createTrustWithLead(ds);
  let school: School | undefined;
  const urn = await unusedUrn(ds);
  expect(
    await moves(lead.id, admin, async (m) => {
      school = await m.save(
        m.create(School, {
          urn,
          name: `Joining ${randomUUID().slice(0, 6)}`,
          phase: 'primary',
          laCode: '801',
          laName: 'Bristol',
          trustId: trust.id,
        }),
      );
    }),
  ).toBe(true);
  // Moved to another trust: both trusts' leads change.
  const before = await stampOf(other.lead.id);
  expect(await moves(lead.id, admin, (m) => m.update(School, { id: school!.id }, { trustId: other.trust.id }))).toBe(true);
  expect(await stampOf(other.lead.id)).toBeGreaterThan(before);
  // A change of anything else of the school's moves nobody's.
  expect(await moves(other.lead.id, admin, (m) => m.update(School, { id: school!.id }, { name: 'Renamed' }))).toBe(false);
  const second = await createUser();
  expect(await moves(second, admin, (m) => m.insert(TrustMembership, { trustId: trust.id, userId: second, role: 'trust_lead' }))).toBe(true);
  expect(await moves(second, admin, (m) => m.delete(TrustMembership, { trustId: trust.id, userId: second }))).toBe(true);
});

it('moves when the account is disabled or its platform role changes, and not for its name', async () => {
  const user = await createUser();
  const none = { schoolIds: [] };
  expect(await moves(user, none, (m) => m.update(User, { id: user }, { displayName: 'Another name' }))).toBe(false);
  expect(await moves(user, none, (m) => m.update(User, { id: user }, { disabledAt: new Date() }))).toBe(true);
  expect(await moves(user, none, (m) => m.update(User, { id: user }, { disabledAt: null }))).toBe(true);
  expect(await moves(user, none, (m) => m.update(User, { id: user }, { isPlatformAdmin: true }))).toBe(true);
});

it('moves when a session is revoked, its expiry moves or a live one is removed; not when one begins', async () => {
  const fixture = await createTestSchool(ds);
  const user = fixture.users.senco.id;
  const sidOf = async () => (jwt.decode((await api.login(fixture.users.senco.email)).accessToken) as { sid: string }).sid;
  const none = { schoolIds: [] };
  const before = await stampOf(user);
  const first = await sidOf();
  expect(await stampOf(user)).toBe(before); // signing in made a session and changed no principal
  expect(await moves(user, none, (m) => m.update(RefreshSession, { familyId: first }, { expiresAt: new Date(Date.now() + 60_000) }))).toBe(true);
  expect(await moves(user, none, (m) => m.update(RefreshSession, { familyId: first }, { revokedAt: new Date(), revokedReason: 'logout' }))).toBe(true);
  // Removing a session already revoked changes nothing; removing a live one does.
  expect(await moves(user, none, (m) => m.delete(RefreshSession, { familyId: first }))).toBe(false);
  const second = await sidOf();
  expect(await moves(user, none, (m) => m.delete(RefreshSession, { familyId: second }))).toBe(true);
});

it('never moves back, even by the app role writing it directly', async () => {
  const user = await createUser();
  await new TenantTransactions(ds).run({ schoolIds: [] }, (m) => m.update(User, { id: user }, { disabledAt: new Date() }));
  await expect(new TenantTransactions(ds).run({ schoolIds: [] }, (m) => m.query(`update users set principal_stamp = 0 where id = $1`, [user]))).rejects.toThrow(
    /only moves forward/,
  );
  expect(await stampOf(user)).toBeGreaterThan(0n);
});

it('app.principal gives the stamp it read first and when the session’s last live token expires', async () => {
  const fixture = await createTestSchool(ds);
  const { accessToken } = await api.login(fixture.users.head.email);
  const { sid } = jwt.decode(accessToken) as { sid: string };
  const rows = await ds.query<{ stamp: string; live_until: Date; live: boolean }[]>(
    `select stamp::text as stamp, live_until, live from app.principal($1, $2)`,
    [fixture.users.head.id, sid],
  );
  expect(rows.length).toBeGreaterThan(0);
  expect(rows[0]!.stamp).toBe(String(await stampOf(fixture.users.head.id)));
  expect(rows[0]!.live).toBe(true);
  const expires = await ds.query<{ e: Date }[]>(`select max(expires_at) as e from refresh_sessions where family_id = $1 and revoked_at is null`, [sid]);
  expect(rows[0]!.live_until.getTime()).toBe(expires[0]!.e.getTime());
  const ended = await ds.query<{ live_until: Date | null; live: boolean }[]>(`select live_until, live from app.principal($1, gen_random_uuid())`, [
    fixture.users.head.id,
  ]);
  expect(ended[0]).toEqual({ live_until: null, live: false });
});

async function createUser(): Promise<string> {
  const [row] = await new TenantTransactions(ds).run({ schoolIds: [] }, (m) =>
    m.query<{ id: string }[]>(`insert into users (email, display_name, password_hash) values ($1, 'Stamp test', 'x') returning id`, [
      `stamp-${randomUUID().slice(0, 8)}@test.invalid`,
    ]),
  );
  return row!.id;
}
