import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Background renderings of SEN Information Reports: status to poll, and the file when done. */
export class ReportRenders1764400000000 implements MigrationInterface {
  name = 'ReportRenders1764400000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `CREATE TABLE "report_renders" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "school_id" uuid NOT NULL, "report_id" uuid NOT NULL, "format" character varying(8) NOT NULL, "status" character varying(8) NOT NULL, "content" bytea, "bytes" integer, "render_ms" integer, "error" character varying(300), "requested_by" uuid, "requested_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "finished_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "PK_09e9344d8950299da5921383694" PRIMARY KEY ("id"))`,
    );
    await q.query(`CREATE INDEX "idx_report_renders_school_report" ON "report_renders"  ("school_id", "report_id", "requested_at") `);
    await q.query(
      `ALTER TABLE "report_renders" ADD CONSTRAINT "FK_20d562a975d677384c4b799eb2d" FOREIGN KEY ("school_id") REFERENCES "schools"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await q.query(
      `ALTER TABLE "report_renders" ADD CONSTRAINT "FK_8cadfda98ec835ea2cacac7c84f" FOREIGN KEY ("report_id") REFERENCES "sen_reports"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );

    const inSchool = `school_id = any ((select app.current_school_ids())::uuid[])`;
    await q.query(`alter table report_renders enable row level security`);
    await q.query(`alter table report_renders force row level security`);
    await q.query(`create policy tenant_isolation on report_renders using (${inSchool}) with check (${inSchool})`);
    await q.query(`grant select, insert, update on report_renders to sen_app`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`drop table if exists "report_renders" cascade`);
  }
}
