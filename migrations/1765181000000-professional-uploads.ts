import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A professional's report file sent back through a share link (issue 22): stored as a document of the pupil
 * uploaded by a 'professional', and linked from the shared report waiting for the SENCO's decision.
 */
export class ProfessionalUploads1765181000000 implements MigrationInterface {
  name = 'ProfessionalUploads1765181000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "documents" ALTER COLUMN "uploader_kind" TYPE character varying(12)`);
    await q.query(`grant update (document_id) on shared_reports to sen_app`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`revoke update (document_id) on shared_reports from sen_app`);
    await q.query(`ALTER TABLE "documents" ALTER COLUMN "uploader_kind" TYPE character varying(10)`);
  }
}
