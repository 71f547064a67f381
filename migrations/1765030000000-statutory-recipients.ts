import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Who receives the formal notice (CFA 2014 s.68; Education Act 1996 s.576): a contact who has care of the
 * pupil without parental responsibility (a foster or kinship carer) is a parent too; a young person over
 * compulsory school age gets the notice themself, at their own email, and their parents only where the school
 * records that the young person agrees or lacks capacity. Reviews of a pupil with an EHC plan decide an early
 * review or a request for re-assessment (CFA 2014 s.44), which needs a longer decision column.
 * No new table: the existing policies on pupils, pupil_contacts and plan_reviews cover the new columns.
 */
export class StatutoryRecipients1765030000000 implements MigrationInterface {
  name = 'StatutoryRecipients1765030000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "pupil_contacts" ADD "has_care" boolean NOT NULL DEFAULT false`);
    await q.query(`ALTER TABLE "pupils" ADD "email" character varying(254)`);
    await q.query(`ALTER TABLE "pupils" ADD "young_person_parents_informed" character varying(16)`);
    await q.query(
      `ALTER TABLE "pupils" ADD CONSTRAINT "ck_pupils_young_person_parents_informed" CHECK ("young_person_parents_informed" IN ('agrees', 'lacks_capacity'))`,
    );
    await q.query(`ALTER TABLE "plan_reviews" ALTER COLUMN "decision" TYPE character varying(24)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "plan_reviews" ALTER COLUMN "decision" TYPE character varying(12)`);
    await q.query(`ALTER TABLE "pupils" DROP CONSTRAINT "ck_pupils_young_person_parents_informed"`);
    await q.query(`ALTER TABLE "pupils" DROP COLUMN "young_person_parents_informed"`);
    await q.query(`ALTER TABLE "pupils" DROP COLUMN "email"`);
    await q.query(`ALTER TABLE "pupil_contacts" DROP COLUMN "has_care"`);
  }
}
