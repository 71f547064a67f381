import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Documents on a pupil's record (issue 22) and the embedded file store (PgBlobStore): a file's content is
 * chunked into file_chunks under the same school RLS as every tenant table, so backup, restore and erasure
 * cover it with no extra step. `documents` carries the pupil, so its policy is the privacy tables' (the school,
 * and the pupil for callers who do not see every pupil) plus one rule: a confidential document is visible only
 * to callers who see every pupil (SENCO, head), never to a teacher or a parent, whatever the code asks.
 * Erasure under the retention rule (app.erase_pupil) removes the pupil's documents and their stored content,
 * amended in place as 1765125000000 does.
 */
const ANCHOR = `perform set_config('app.erasing_pupil', p_pupil::text, true);`;
const ERASE = `${ANCHOR}
        delete from file_chunks where school_id = p_school and blob_id in (
          select d.blob_key::uuid from documents d where d.school_id = p_school and d.pupil_id = p_pupil and d.storage_driver = 'postgres' and d.blob_key is not null);
        delete from file_blobs where school_id = p_school and id in (
          select d.blob_key::uuid from documents d where d.school_id = p_school and d.pupil_id = p_pupil and d.storage_driver = 'postgres' and d.blob_key is not null);
        delete from documents where school_id = p_school and pupil_id = p_pupil;
        get diagnostics n = row_count; counts := counts || jsonb_build_object('documents', n);`;

const amend = (from: string, to: string) => `do $$
  declare def text;
  begin
    select pg_get_functiondef('app.erase_pupil(uuid, uuid)'::regprocedure) into def;
    if position(${quote(from)} in def) = 0 then
      raise exception 'app.erase_pupil is not the definition this migration expects';
    end if;
    execute replace(def, ${quote(from)}, ${quote(to)});
  end $$`;
function quote(s: string): string {
  return `'${s.replaceAll("'", "''")}'`;
}

export class Documents1765155000000 implements MigrationInterface {
  name = 'Documents1765155000000';

  async up(q: QueryRunner): Promise<void> {
    const ts = 'TIMESTAMP WITH TIME ZONE';
    await q.query(
      `CREATE TABLE "file_blobs" ("id" uuid NOT NULL, "school_id" uuid NOT NULL, "size" integer NOT NULL, "sha256" character(64) NOT NULL, "chunk_count" integer NOT NULL, "created_at" ${ts} NOT NULL DEFAULT now(), CONSTRAINT "PK_file_blobs" PRIMARY KEY ("id"))`,
    );
    await q.query(`CREATE INDEX "idx_file_blobs_school" ON "file_blobs" ("school_id", "created_at") `);
    await q.query(
      `CREATE TABLE "file_chunks" ("blob_id" uuid NOT NULL, "seq" integer NOT NULL, "school_id" uuid NOT NULL, "data" bytea NOT NULL, CONSTRAINT "PK_file_chunks" PRIMARY KEY ("blob_id", "seq"))`,
    );
    await q.query(
      `CREATE TABLE "documents" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "school_id" uuid NOT NULL, "pupil_id" uuid NOT NULL, "filename" character varying(255) NOT NULL, "media_type" character varying(100) NOT NULL, "size" integer NOT NULL, "sha256" character(64) NOT NULL, "storage_driver" character varying(10) NOT NULL, "blob_key" character varying(100), "uploaded_by" uuid, "uploader_kind" character varying(10) NOT NULL, "status" character varying(12) NOT NULL, "confidential" boolean NOT NULL DEFAULT false, "scan_signature" character varying(200), "created_at" ${ts} NOT NULL DEFAULT now(), "scanned_at" ${ts}, CONSTRAINT "PK_documents" PRIMARY KEY ("id"))`,
    );
    await q.query(`CREATE INDEX "idx_documents_school_pupil" ON "documents" ("school_id", "pupil_id", "created_at") `);
    await q.query(`ALTER TABLE "documents" ADD CONSTRAINT "ck_documents_status" CHECK ("status" IN ('pending', 'clean', 'infected', 'scan_failed'))`);

    const inSchool = `school_id = any ((select app.current_school_ids())::uuid[])`;
    for (const table of ['file_blobs', 'file_chunks', 'documents']) {
      await q.query(`alter table ${table} enable row level security`);
      await q.query(`alter table ${table} force row level security`);
    }
    // Content has no pupil: only the school. Its keys are reached through a document row the caller may see.
    for (const table of ['file_blobs', 'file_chunks']) {
      await q.query(`create policy tenant_isolation on ${table} using (${inSchool}) with check (${inSchool})`);
    }
    const pupilVisible = `exists (select 1 from pupils p where p.id = documents.pupil_id)`;
    const mayRead = `((select app.sees_all_pupils()) or (${pupilVisible} and not confidential))`;
    await q.query(`create policy tenant_isolation on documents
        using (${inSchool} and ${mayRead})
        with check (${inSchool} and ${pupilVisible} and ${mayRead})`);

    await q.query(`grant select, insert, delete on file_blobs, file_chunks to sen_app`);
    await q.query(`grant select, insert, delete, update (status, confidential, scan_signature, scanned_at, blob_key) on documents to sen_app`);
    await q.query(amend(ANCHOR, ERASE));
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(amend(ERASE, ANCHOR));
    for (const table of ['documents', 'file_chunks', 'file_blobs']) await q.query(`drop table if exists "${table}" cascade`);
  }
}
