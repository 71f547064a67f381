import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Issue 17: a school's go-live date, formal notices given outside the product, and the dry run's duplicate
 * UPN rows. Columns on existing tenant tables only, so their RLS policies and grants already apply.
 */
export class ImportGoLive1765000000000 implements MigrationInterface {
  name = 'ImportGoLive1765000000000';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "schools" ADD "go_live_date" date`);
    await q.query(`ALTER TABLE "sen_status_entries" ADD "notice_given_outside" boolean NOT NULL DEFAULT false`);
    await q.query(`ALTER TABLE "import_batches" ADD "duplicate_rows" jsonb NOT NULL DEFAULT '[]'`);
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "import_batches" DROP COLUMN "duplicate_rows"`);
    await q.query(`ALTER TABLE "sen_status_entries" DROP COLUMN "notice_given_outside"`);
    await q.query(`ALTER TABLE "schools" DROP COLUMN "go_live_date"`);
  }
}
