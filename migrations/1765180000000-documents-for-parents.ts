import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Parents see the documents the school chose to share with them, and their own uploads; not every
 * non-confidential document on their child's record (issue 22). The rule is in the policy as in the code: a
 * caller whose only pupil access is as a parent ('linked') sees a document only if it is shared with parents
 * or they uploaded it. A confidential document can never be shared with parents.
 */
const inSchool = `school_id = any ((select app.current_school_ids())::uuid[])`;
const pupilVisible = `exists (select 1 from pupils p where p.id = documents.pupil_id)`;
const before = `((select app.sees_all_pupils()) or (${pupilVisible} and not confidential))`;
const parentsOnly = `(select app.pupil_access()) = 'linked'`;
const after = `((select app.sees_all_pupils()) or (${pupilVisible} and not confidential and (not ${parentsOnly} or shared_with_parents or uploaded_by = (select app.current_user_id()))))`;

const policy = (mayRead: string) => `create policy tenant_isolation on documents
        using (${inSchool} and ${mayRead})
        with check (${inSchool} and ${pupilVisible} and ${mayRead})`;

export class DocumentsForParents1765180000000 implements MigrationInterface {
  name = 'DocumentsForParents1765180000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "documents" ADD "shared_with_parents" boolean NOT NULL DEFAULT false`);
    await q.query(`ALTER TABLE "documents" ADD CONSTRAINT "ck_documents_parents_not_confidential" CHECK (NOT ("confidential" AND "shared_with_parents"))`);
    await q.query(`drop policy tenant_isolation on documents`);
    await q.query(policy(after));
    await q.query(`grant update (shared_with_parents) on documents to sen_app`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`revoke update (shared_with_parents) on documents from sen_app`);
    await q.query(`drop policy tenant_isolation on documents`);
    await q.query(policy(before));
    await q.query(`ALTER TABLE "documents" DROP CONSTRAINT "ck_documents_parents_not_confidential"`);
    await q.query(`ALTER TABLE "documents" DROP COLUMN "shared_with_parents"`);
  }
}
