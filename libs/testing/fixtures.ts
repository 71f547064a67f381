import { randomInt, randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { Membership, TrustMembership, User, hashPassword, type SchoolRole } from '#libs/auth';
import { TenantTransactions, schoolScope } from '#libs/database';
import { School, Trust } from '#libs/tenancy';

export const TEST_PASSWORD = 'correct-horse-battery-staple';
let passwordHash: Promise<string> | undefined;

export interface TestSchool {
  school: School;
  users: Record<SchoolRole, User>;
}

/**
 * A fresh school with one user per role, made through the app role and tenant transactions (so RLS
 * applies to the fixtures too). Each test makes its own instead of truncating shared tables.
 */
export async function createTestSchool(dataSource: DataSource, options: { trustId?: string } = {}): Promise<TestSchool> {
  const tx = new TenantTransactions(dataSource);
  const tag = randomUUID().slice(0, 8);
  // Another suite may take the same URN between the look and the insert: then another one.
  let school: School | null = null;
  for (let attempt = 1; school === null; attempt += 1) {
    const urn = await unusedUrn(dataSource);
    school = await tx
      .run({ schoolIds: [], platformAdmin: true }, (m) =>
        m.save(m.create(School, { urn, name: `Test School ${tag}`, phase: 'primary', laCode: '801', laName: 'Bristol', trustId: options.trustId ?? null })),
      )
      .catch((error: unknown) => {
        if (urnTaken(error) && attempt < 4) return null;
        throw error;
      });
  }
  const users = {} as Record<SchoolRole, User>;
  await tx.run({ schoolIds: [school.id] }, async (m) => {
    for (const role of ['senco', 'head', 'teacher', 'parent'] as const) {
      users[role] = await createUser(dataSource, `${role}-${tag}@test.invalid`);
      await m.insert(Membership, { schoolId: schoolScope(school.id).schoolId, userId: users[role].id, role });
    }
  });
  return { school, users };
}

/**
 * A six-digit URN no school of the database has: the suites share one database and make thousands of schools, so a
 * URN picked at random alone would, now and then, be one already taken (uq_schools_urn).
 */
export async function unusedUrn(dataSource: DataSource): Promise<string> {
  const candidates = Array.from({ length: 20 }, () => String(randomInt(100000, 999999)));
  const taken = await new TenantTransactions(dataSource).run({ schoolIds: [], platformAdmin: true }, (m) =>
    m.query<{ urn: string }[]>(`select urn from schools where urn = any($1::text[])`, [candidates]),
  );
  const free = candidates.find((urn) => !taken.some((t) => t.urn === urn));
  if (!free) throw new Error('unusedUrn found no unused URN in 20 tries');
  return free;
}

const urnTaken = (error: unknown) => (error as { driverError?: { constraint?: string } }).driverError?.constraint === 'uq_schools_urn';

/** Another member of a school (a second teacher, another family's parent), with a fresh account. */
export async function addMember(dataSource: DataSource, schoolId: string, role: SchoolRole): Promise<User> {
  const user = await createUser(dataSource, `${role}-${randomUUID().slice(0, 8)}@test.invalid`);
  await new TenantTransactions(dataSource).run({ schoolIds: [schoolId] }, (m) =>
    m.insert(Membership, { schoolId: schoolScope(schoolId).schoolId, userId: user.id, role }),
  );
  return user;
}

export async function createUser(dataSource: DataSource, email: string, extra: Partial<User> = {}): Promise<User> {
  passwordHash ??= hashPassword(TEST_PASSWORD);
  const tx = new TenantTransactions(dataSource);
  return tx.run({ schoolIds: [] }, async (m) =>
    m.save(m.create(User, { email, displayName: 'Test User', passwordHash: await passwordHash!, isPlatformAdmin: false, ...extra })),
  );
}

export async function createTrustWithLead(dataSource: DataSource): Promise<{ trust: Trust; lead: User }> {
  const tx = new TenantTransactions(dataSource);
  const lead = await createUser(dataSource, `trust-lead-${randomUUID().slice(0, 8)}@test.invalid`);
  const trust = await tx.run({ schoolIds: [], platformAdmin: true }, async (m) => {
    const t = await m.save(m.create(Trust, { name: `Trust ${randomUUID().slice(0, 8)}` }));
    await m.insert(TrustMembership, { trustId: t.id, userId: lead.id, role: 'trust_lead' });
    return t;
  });
  return { trust, lead };
}
