import type { DataSource } from 'typeorm';
import { Membership, TrustMembership, User, hashPassword, type SchoolRole } from '#libs/auth';
import { TenantTransactions } from '#libs/database';
import { School, Trust } from '#libs/tenancy';
import { seedDemoInterventions } from './demo-interventions.js';
import { seedDemoPlans } from './demo-plans.js';
import { seedDemoRegister } from './demo-register.js';

/** Published on purpose: the demo is for trying the product on a laptop, never for real pupils. */
export const DEMO_PASSWORD = 'demo-password-2026';
export const DEMO_URN = '999001';
export const DEMO_USERS: { email: string; name: string; role: SchoolRole | 'trust_lead' | 'admin' }[] = [
  { email: 'senco@demo.sen-manager.local', name: 'Demo SENCO', role: 'senco' },
  { email: 'head@demo.sen-manager.local', name: 'Demo Head Teacher', role: 'head' },
  { email: 'teacher@demo.sen-manager.local', name: 'Demo Teacher', role: 'teacher' },
  { email: 'parent@demo.sen-manager.local', name: 'Demo Parent', role: 'parent' },
  { email: 'trust-lead@demo.sen-manager.local', name: 'Demo Trust Lead', role: 'trust_lead' },
  { email: 'admin@demo.sen-manager.local', name: 'Demo Platform Admin', role: 'admin' },
];

/** Creates the demo trust, school, one user per role and a small register with support plans and interventions. Idempotent: does nothing if the demo school exists. */
export async function seedDemo(dataSource: DataSource): Promise<'created' | 'exists'> {
  const tx = new TenantTransactions(dataSource);
  const existing = await tx.run({ schoolIds: [], platformAdmin: true }, (m) => m.findOneBy(School, { urn: DEMO_URN }));
  if (existing) {
    await seedDemoRegister(dataSource, existing.id);
    await seedDemoPlans(dataSource, existing.id);
    await seedDemoInterventions(dataSource, existing.id);
    return 'exists';
  }
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  const { school, trust } = await tx.run({ schoolIds: [], platformAdmin: true }, async (m) => {
    const t = await m.save(m.create(Trust, { name: 'Demo Learning Trust' }));
    const s = await m.save(
      m.create(School, {
        urn: DEMO_URN,
        name: 'Demo Primary School',
        phase: 'primary',
        laCode: '801',
        laName: 'Bristol',
        trustId: t.id,
        // Fictional contact details for the messages parents receive.
        sencoName: 'Ms Demo SENCO',
        sencoEmail: 'senco@demo.sen-manager.local',
        sencoPhone: '0117 496 0000',
        sendiassName: 'Demo SENDIASS (fictional)',
        sendiassPhone: '0117 496 0999',
        sendiassUrl: 'https://www.example.org/sendiass',
        emailSignature: 'Ms Demo SENCO, SENCO, Demo Primary School',
      }),
    );
    return { school: s, trust: t };
  });
  await tx.run({ schoolIds: [school.id], platformAdmin: true }, async (m) => {
    for (const u of DEMO_USERS) {
      const user = await m.save(m.create(User, { email: u.email, displayName: u.name, passwordHash, isPlatformAdmin: u.role === 'admin' }));
      if (u.role === 'trust_lead') await m.insert(TrustMembership, { trustId: trust.id, userId: user.id, role: 'trust_lead' });
      else if (u.role !== 'admin') await m.insert(Membership, { schoolId: school.id, userId: user.id, role: u.role });
    }
  });
  await seedDemoRegister(dataSource, school.id);
  await seedDemoPlans(dataSource, school.id);
  await seedDemoInterventions(dataSource, school.id);
  return 'created';
}
