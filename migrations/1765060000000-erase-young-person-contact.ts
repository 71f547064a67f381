import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Erasure under the retention rule (app.erase_pupil) must also clear the columns added since it was written: a
 * young person's own email and whether their parents are told too (1765030000000). Without this an erased pupil
 * row kept the young person's email address. The function is amended in place (its definition read back from
 * the catalogue and the one statement changed), so its grants and the rest of its body stay exactly as they were.
 */
const BEFORE = 'class_name = null, passport = null';
const AFTER = 'class_name = null, passport = null, email = null, young_person_parents_informed = null';

const amend = (from: string, to: string) => `do $$
  declare def text;
  begin
    select pg_get_functiondef('app.erase_pupil(uuid, uuid)'::regprocedure) into def;
    if position('${from}' in def) = 0 then
      raise exception 'app.erase_pupil is not the definition this migration expects';
    end if;
    execute replace(def, '${from}', '${to}');
  end $$`;

export class EraseYoungPersonContact1765060000000 implements MigrationInterface {
  name = 'EraseYoungPersonContact1765060000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(amend(BEFORE, AFTER));
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(amend(AFTER, BEFORE));
  }
}
