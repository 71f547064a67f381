import type { EntityManager } from 'typeorm';
import { together, type SchoolScope } from '#libs/database';
import { OapExpectation } from './expectation.entity.js';
import { OapFramework } from './framework.entity.js';

export interface SchoolFramework {
  framework: OapFramework;
  expectations: OapExpectation[];
}

/**
 * The framework a school uses on a day: its LA's, in effect by then (the latest version that is), the platform's or
 * its own trust's (a trust's wins over the platform's); another trust's framework for the same LA is not the
 * school's, though the database lets the school read it.
 */
export async function frameworkForSchool(m: EntityManager, school: SchoolScope, today: string): Promise<SchoolFramework | null> {
  const rows = await m.query<{ id: string }[]>(
    `select f.id from oap_frameworks f join schools s on s.id = $1 and s.la_code = f.la_code
      where f.effective_from <= $2 and (f.owner_trust_id is null or f.owner_trust_id = s.trust_id)
      order by (f.owner_trust_id is not null) desc, f.effective_from desc, f.version desc limit 1`,
    [school.schoolId, today],
  );
  const id = rows[0]?.id;
  if (!id) return null;
  const [framework, expectations] = await together<[OapFramework, OapExpectation[]]>(m, [
    () => m.findOneByOrFail(OapFramework, { id }),
    () => m.find(OapExpectation, { where: { frameworkId: id }, order: { position: 'ASC' } }),
  ]);
  return { framework, expectations };
}
