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
  const school = await tx.run({ schoolIds: [], platformAdmin: true }, (m) =>
    m.save(
      m.create(School, {
        urn: String(randomInt(100000, 999999)),
        name: `Test School ${tag}`,
        phase: 'primary',
        laCode: '801',
        laName: 'Bristol',
        trustId: options.trustId ?? null,
      }),
    ),
  );
  const users = {} as Record<SchoolRole, User>;
  await tx.run({ schoolIds: [school.id] }, async (m) => {
    for (const role of ['senco', 'head', 'teacher', 'parent'] as const) {
      users[role] = await createUser(dataSource, `${role}-${tag}@test.invalid`);
      await m.insert(Membership, { schoolId: schoolScope(school.id).schoolId, userId: users[role].id, role });
    }
  });
  return { school, users };
}

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
