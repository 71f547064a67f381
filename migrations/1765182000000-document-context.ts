import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A document can belong to a piece of the pupil's record (issue 22): a professional report, a plan cycle, a
 * plan review, an EHC needs assessment request or an EHC plan's annual review. Both columns or neither.
 */
export class DocumentContext1765182000000 implements MigrationInterface {
  name = 'DocumentContext1765182000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "documents" ADD "context_kind" character varying(20)`);
    await q.query(`ALTER TABLE "documents" ADD "context_id" uuid`);
    await q.query(
      `ALTER TABLE "documents" ADD CONSTRAINT "ck_documents_context" CHECK (("context_kind" IS NULL) = ("context_id" IS NULL) AND ("context_kind" IS NULL OR "context_kind" IN ('professional_report', 'plan_cycle', 'plan_review', 'ehc_request', 'annual_review')))`,
    );
    await q.query(`CREATE INDEX "idx_documents_school_context" ON "documents" ("school_id", "context_kind", "context_id") `);
    await q.query(`grant update (context_kind, context_id) on documents to sen_app`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`revoke update (context_kind, context_id) on documents from sen_app`);
    await q.query(`DROP INDEX "public"."idx_documents_school_context"`);
    await q.query(`ALTER TABLE "documents" DROP CONSTRAINT "ck_documents_context"`);
    await q.query(`ALTER TABLE "documents" DROP COLUMN "context_id"`);
    await q.query(`ALTER TABLE "documents" DROP COLUMN "context_kind"`);
  }
}
