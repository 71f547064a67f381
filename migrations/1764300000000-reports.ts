import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The SEN Information Report: a version per school per academic year, drafted by the SENCO and published by
 * the head. Published versions are public (a school website links to them with no login) and never change.
 */
export class Reports1764300000000 implements MigrationInterface {
  name = 'Reports1764300000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `CREATE TABLE "sen_reports" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "school_id" uuid NOT NULL, "academic_year" smallint NOT NULL, "version" smallint NOT NULL, "status" character varying(10) NOT NULL, "texts" jsonb NOT NULL, "complaints_count" integer, "figures" jsonb, "created_by" uuid, "submitted_at" TIMESTAMP WITH TIME ZONE, "submitted_by" uuid, "reviewed_at" TIMESTAMP WITH TIME ZONE, "reviewed_by" uuid, "return_comments" text, "published_at" TIMESTAMP WITH TIME ZONE, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_c1a92547b2bb95a6b231964a4c1" PRIMARY KEY ("id"))`,
    );
    await q.query(
      `CREATE UNIQUE INDEX "uq_sen_reports_one_open" ON "sen_reports"  ("school_id", "academic_year") WHERE "status" IN ('draft', 'submitted', 'returned')`,
    );
    await q.query(`CREATE UNIQUE INDEX "uq_sen_reports_school_year_version" ON "sen_reports"  ("school_id", "academic_year", "version") `);
    await q.query(
      `ALTER TABLE "sen_reports" ADD CONSTRAINT "FK_316ad534c64510deb7ca9607ebb" FOREIGN KEY ("school_id") REFERENCES "schools"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );

    const inSchool = `school_id = any ((select app.current_school_ids())::uuid[])`;
    // Set only by the public report route: it may read published reports (and their school's name), nothing else.
    await q.query(`create function app.reads_public_reports() returns boolean language sql stable as
        $$ select coalesce(current_setting('app.public_reports', true), '') = 'on' $$`);
    await q.query(`alter table sen_reports enable row level security`);
    await q.query(`alter table sen_reports force row level security`);
    await q.query(`create policy tenant_isolation on sen_reports
        using (${inSchool} or (status = 'published' and (select app.reads_public_reports())))
        with check (${inSchool})`);
    await q.query(`create policy public_reports on schools for select
        using ((select app.reads_public_reports()) and exists (select 1 from sen_reports r where r.school_id = schools.id and r.status = 'published'))`);
    await q.query(`create function app.guard_published_report() returns trigger language plpgsql as $$
      begin
        if old.status = 'published' then
          raise exception 'a published SEN Information Report is kept as published: edit a new version' using errcode = '55000';
        end if;
        return new;
      end $$`);
    await q.query(`create trigger guard_published_report before update on sen_reports for each row execute function app.guard_published_report()`);
    await q.query(`grant execute on all functions in schema app to sen_app`);
    await q.query(`grant select, insert, update on sen_reports to sen_app`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`drop policy if exists public_reports on schools`);
    await q.query(`drop table if exists "sen_reports" cascade`);
    await q.query(`drop function if exists app.guard_published_report()`);
    await q.query(`drop function if exists app.reads_public_reports()`);
  }
}
