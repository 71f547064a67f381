import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Data protection duties: the access log of reads of a pupil's SEN record, subject access exports, and the
 * retention rule with the head's approval before anything is erased. Erasure is one SECURITY DEFINER function
 * (the app role may not delete records: reviews, views and outcomes are insert-only), and it refuses to run
 * unless the pupil's retention item was approved.
 */
/** The plans migration's rule for targets and provision: only a draft's may change. */
const DRAFT_ONLY = `select v.status into version_status from plan_versions v
         where v.id = case when tg_op = 'INSERT' then new.version_id else old.version_id end;
        if version_status is distinct from 'draft' or (tg_op = 'UPDATE' and new.version_id <> old.version_id) then
          raise exception 'the targets and provision of an agreed plan are kept as agreed; edit a new version' using errcode = '55000';
        end if;
        return case when tg_op = 'DELETE' then old else new end;`;

export class Privacy1764800000000 implements MigrationInterface {
  name = 'Privacy1764800000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `CREATE TABLE "access_events" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "school_id" uuid NOT NULL, "pupil_id" uuid NOT NULL, "actor_user_id" uuid, "actor_roles" character varying(64) NOT NULL, "resource" character varying(32) NOT NULL, "request_id" character varying(64), "occurred_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_b5edb54463ff60f59a3d40f71e3" PRIMARY KEY ("id"))`,
    );
    await q.query(`CREATE INDEX "idx_access_events_school_occurred" ON "access_events"  ("school_id", "occurred_at", "id") `);
    await q.query(`CREATE INDEX "idx_access_events_school_pupil" ON "access_events"  ("school_id", "pupil_id", "occurred_at") `);
    await q.query(
      `CREATE TABLE "subject_access_exports" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "school_id" uuid NOT NULL, "pupil_id" uuid NOT NULL, "status" character varying(8) NOT NULL, "requested_by" uuid, "requested_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "finished_at" TIMESTAMP WITH TIME ZONE, "content" jsonb, "html" text, "pdf" bytea, "error" character varying(300), CONSTRAINT "PK_36c53408333382885730299a748" PRIMARY KEY ("id"))`,
    );
    await q.query(`CREATE INDEX "idx_subject_access_exports_school_pupil" ON "subject_access_exports"  ("school_id", "pupil_id", "requested_at") `);
    await q.query(
      `CREATE TABLE "retention_items" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "school_id" uuid NOT NULL, "pupil_id" uuid NOT NULL, "due_on" date NOT NULL, "rule_years" smallint NOT NULL, "status" character varying(10) NOT NULL, "listed_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "decided_by" uuid, "decided_at" TIMESTAMP WITH TIME ZONE, "erased_at" TIMESTAMP WITH TIME ZONE, "erasure" jsonb, CONSTRAINT "PK_741b980244c8a69016d417d648b" PRIMARY KEY ("id"))`,
    );
    await q.query(`CREATE INDEX "idx_retention_items_school_status" ON "retention_items"  ("school_id", "status", "listed_at") `);
    await q.query(`CREATE UNIQUE INDEX "uq_retention_items_open" ON "retention_items"  ("school_id", "pupil_id") WHERE status in ('listed', 'approved')`);
    await q.query(`ALTER TABLE "schools" ADD "retention_years" smallint NOT NULL DEFAULT '31'`);
    await q.query(
      `ALTER TABLE "access_events" ADD CONSTRAINT "FK_7375dd195741de96de8d62061a1" FOREIGN KEY ("school_id") REFERENCES "schools"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await q.query(
      `ALTER TABLE "access_events" ADD CONSTRAINT "FK_005801eff04bf32dae3f897f681" FOREIGN KEY ("pupil_id") REFERENCES "pupils"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await q.query(
      `ALTER TABLE "subject_access_exports" ADD CONSTRAINT "FK_2979b1a79980e972f8607ceb944" FOREIGN KEY ("school_id") REFERENCES "schools"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await q.query(
      `ALTER TABLE "subject_access_exports" ADD CONSTRAINT "FK_afab03f5d7f2c65bd75a8b2e398" FOREIGN KEY ("pupil_id") REFERENCES "pupils"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await q.query(
      `ALTER TABLE "retention_items" ADD CONSTRAINT "FK_e174db0c6f788c7dedeea10321c" FOREIGN KEY ("school_id") REFERENCES "schools"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await q.query(
      `ALTER TABLE "retention_items" ADD CONSTRAINT "FK_a00473e3ffb8b7086cd7490c0d7" FOREIGN KEY ("pupil_id") REFERENCES "pupils"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );

    await q.query(`ALTER TABLE "schools" ADD CONSTRAINT "ck_schools_retention_years" CHECK ("retention_years" BETWEEN 25 AND 100)`);
    await q.query(`ALTER TABLE "retention_items" ADD CONSTRAINT "ck_retention_items_status" CHECK ("status" IN ('listed', 'approved', 'rejected', 'erased'))`);
    await q.query(`ALTER TABLE "subject_access_exports" ADD CONSTRAINT "ck_subject_access_exports_status" CHECK ("status" IN ('queued', 'done', 'failed'))`);

    // Row-level security as for plans: the school, and (for staff who do not see every pupil) the pupil.
    const inSchool = `school_id = any ((select app.current_school_ids())::uuid[])`;
    for (const table of ['access_events', 'subject_access_exports', 'retention_items']) {
      await q.query(`alter table ${table} enable row level security`);
      await q.query(`alter table ${table} force row level security`);
      const pupilVisible = `exists (select 1 from pupils p where p.id = ${table}.pupil_id)`;
      await q.query(`create policy tenant_isolation on ${table}
          using (${inSchool} and ((select app.sees_all_pupils()) or ${pupilVisible}))
          with check (${inSchool} and ${pupilVisible})`);
    }
    // The access log is append-only; an export's files are written once by the worker; only the erase
    // function marks a retention item erased.
    await q.query(`grant select, insert on access_events to sen_app`);
    await q.query(`grant select, insert, update (status, finished_at, content, html, pdf, error) on subject_access_exports to sen_app`);
    await q.query(`grant select, insert, update (status, decided_by, decided_at) on retention_items to sen_app`);

    // Agreed targets and provision are frozen, except while the erase function removes an approved pupil's record.
    await q.query(`create or replace function app.guard_plan_item() returns trigger language plpgsql as $$
      declare
        version_status text;
      begin
        if tg_op <> 'INSERT' and current_setting('app.erasing_pupil', true) = old.pupil_id::text
           and exists (select 1 from retention_items r where r.pupil_id = old.pupil_id and r.status = 'approved') then
          return case when tg_op = 'DELETE' then old else new end;
        end if;
        ${DRAFT_ONLY}
      end $$`);

    await q.query(`create function app.erase_pupil(p_school uuid, p_pupil uuid) returns jsonb
      language plpgsql security definer set search_path = public, pg_temp as $$
      declare
        counts jsonb := '{}'::jsonb;
        n integer;
        item uuid;
        contact_ids uuid[];
      begin
        select id into item from retention_items
         where school_id = p_school and pupil_id = p_pupil and status = 'approved' for update;
        if item is null then
          raise exception 'no approved retention item for this pupil: nothing is erased without the head''s approval' using errcode = '42501';
        end if;
        perform set_config('app.erasing_pupil', p_pupil::text, true);

        delete from plan_contributions where school_id = p_school and pupil_id = p_pupil;
        get diagnostics n = row_count; counts := counts || jsonb_build_object('plan_contributions', n);
        delete from review_outcomes where school_id = p_school and pupil_id = p_pupil;
        get diagnostics n = row_count; counts := counts || jsonb_build_object('review_outcomes', n);
        delete from professional_reports where school_id = p_school and pupil_id = p_pupil;
        get diagnostics n = row_count; counts := counts || jsonb_build_object('professional_reports', n);
        delete from review_reminders where school_id = p_school and cycle_id in (select id from plan_cycles where school_id = p_school and pupil_id = p_pupil);
        get diagnostics n = row_count; counts := counts || jsonb_build_object('review_reminders', n);
        delete from plan_reviews where school_id = p_school and pupil_id = p_pupil;
        get diagnostics n = row_count; counts := counts || jsonb_build_object('plan_reviews', n);
        update plan_targets set carried_from_id = null where school_id = p_school and pupil_id = p_pupil and carried_from_id is not null;
        delete from plan_targets where school_id = p_school and pupil_id = p_pupil;
        get diagnostics n = row_count; counts := counts || jsonb_build_object('plan_targets', n);
        delete from plan_provisions where school_id = p_school and pupil_id = p_pupil;
        get diagnostics n = row_count; counts := counts || jsonb_build_object('plan_provisions', n);
        delete from plan_versions where school_id = p_school and pupil_id = p_pupil;
        get diagnostics n = row_count; counts := counts || jsonb_build_object('plan_versions', n);
        update plan_cycles set previous_cycle_id = null where school_id = p_school and pupil_id = p_pupil and previous_cycle_id is not null;
        delete from plan_cycles where school_id = p_school and pupil_id = p_pupil;
        get diagnostics n = row_count; counts := counts || jsonb_build_object('plan_cycles', n);
        delete from inbox_messages where school_id = p_school and delivery_id in (select id from deliveries where school_id = p_school and pupil_id = p_pupil);
        get diagnostics n = row_count; counts := counts || jsonb_build_object('inbox_messages', n);
        delete from deliveries where school_id = p_school and pupil_id = p_pupil;
        get diagnostics n = row_count; counts := counts || jsonb_build_object('deliveries', n);
        delete from group_enrolments where school_id = p_school and pupil_id = p_pupil;
        get diagnostics n = row_count; counts := counts || jsonb_build_object('group_enrolments', n);
        delete from subject_access_exports where school_id = p_school and pupil_id = p_pupil;
        get diagnostics n = row_count; counts := counts || jsonb_build_object('subject_access_exports', n);

        select coalesce(array_agg(contact_id), '{}') into contact_ids from pupil_contacts where school_id = p_school and pupil_id = p_pupil;
        delete from pupil_contacts where school_id = p_school and pupil_id = p_pupil;
        delete from contacts c where c.school_id = p_school and c.id = any (contact_ids)
           and not exists (select 1 from pupil_contacts pc where pc.contact_id = c.id);
        get diagnostics n = row_count; counts := counts || jsonb_build_object('contacts', n);

        -- Kept for statistics, with nothing said about the child: attendance (present or not), the SEN status
        -- timeline (status, need, dates), and the pupil row as a year of birth and census flags.
        update session_attendance set observation = null, progress_score = null where school_id = p_school and pupil_id = p_pupil;
        get diagnostics n = row_count; counts := counts || jsonb_build_object('session_attendance_anonymised', n);
        update session_corrections c set previous = jsonb_set(c.previous, '{attendance}', (
            select coalesce(jsonb_agg(case when a->>'pupilId' = p_pupil::text
                     then a || '{"observation": null, "progressScore": null}'::jsonb else a end), '[]'::jsonb)
              from jsonb_array_elements(c.previous->'attendance') a))
         where c.school_id = p_school and c.previous->'attendance' @> jsonb_build_array(jsonb_build_object('pupilId', p_pupil::text));
        update sen_status_entries set reason = 'Erased under the retention rule' where school_id = p_school and pupil_id = p_pupil;
        get diagnostics n = row_count; counts := counts || jsonb_build_object('sen_status_entries_anonymised', n);
        update pupils set upn = 'E' || upper(substr(replace(id::text, '-', ''), 1, 12)), legal_first_name = 'Erased',
               legal_last_name = 'Erased', preferred_first_name = null, preferred_last_name = null,
               date_of_birth = date_trunc('year', date_of_birth)::date, class_name = null, passport = null
         where school_id = p_school and id = p_pupil;

        update retention_items set status = 'erased', erased_at = now(), erasure = counts where id = item;
        return counts;
      end $$`);
    await q.query(`revoke all on function app.erase_pupil(uuid, uuid) from public`);
    await q.query(`grant execute on function app.erase_pupil(uuid, uuid) to sen_app`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`drop function if exists app.erase_pupil(uuid, uuid)`);
    await q.query(`create or replace function app.guard_plan_item() returns trigger language plpgsql as $$
      declare
        version_status text;
      begin
        ${DRAFT_ONLY}
      end $$`);
    for (const table of ['retention_items', 'subject_access_exports', 'access_events']) await q.query(`drop table if exists "${table}" cascade`);
    await q.query(`alter table schools drop constraint if exists ck_schools_retention_years`);
    await q.query(`alter table schools drop column if exists retention_years`);
  }
}
