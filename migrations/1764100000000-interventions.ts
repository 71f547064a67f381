import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Interventions: the school's catalogue, its calendar (terms and closures), intervention groups with staff,
 * pupils and weekly timetables, the sessions generated from them and what the staff record, late corrections,
 * the notional SEN budget, and private calendar feeds for staff.
 *
 * Who may see a pupil widens: a teacher or teaching assistant now also sees the pupils of the intervention
 * groups they run (from 30 days before the pupil joins to 30 days after they leave or the group ends). Enrolments and
 * group staff are therefore school-level in the database (the `pupils` policy reads them; a policy on them that
 * read `pupils` would recurse), and the code limits what it shows of them. Attendance is pupil-level.
 */
export class Interventions1764100000000 implements MigrationInterface {
  name = 'Interventions1764100000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `CREATE TABLE "interventions" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "school_id" uuid NOT NULL, "name" character varying(200) NOT NULL, "area_of_need" character varying(40), "description" text, "evidence_notes" text, "frequency_count" smallint, "frequency_period" character varying(12), "session_minutes" smallint, "group_size" smallint, "delivering_role" character varying(40), "staff_cost_per_hour_pence" integer, "resource_cost_pence" integer, "suggested_measure" character varying(100), "active" boolean NOT NULL DEFAULT true, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_39babe074cbaa90750582bfc38d" PRIMARY KEY ("id"))`,
    );
    await q.query(`CREATE UNIQUE INDEX "uq_interventions_school_name" ON "interventions"  ("school_id", "name") `);
    await q.query(
      `CREATE TABLE "school_terms" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "school_id" uuid NOT NULL, "academic_year" smallint NOT NULL, "name" character varying(50) NOT NULL, "starts_on" date NOT NULL, "ends_on" date NOT NULL, CONSTRAINT "ck_school_terms_period" CHECK ("ends_on" >= "starts_on"), CONSTRAINT "ex_school_terms_no_overlap" EXCLUDE USING gist ("school_id" WITH =, daterange("starts_on", "ends_on", '[]') WITH &&), CONSTRAINT "PK_30927ed0b5b84457381a5a66edf" PRIMARY KEY ("id"))`,
    );
    await q.query(`CREATE INDEX "idx_school_terms_school_year" ON "school_terms"  ("school_id", "academic_year", "starts_on") `);
    await q.query(
      `CREATE TABLE "school_closures" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "school_id" uuid NOT NULL, "academic_year" smallint NOT NULL, "kind" character varying(16) NOT NULL, "name" character varying(100), "starts_on" date NOT NULL, "ends_on" date NOT NULL, CONSTRAINT "ck_school_closures_period" CHECK ("ends_on" >= "starts_on"), CONSTRAINT "PK_0677f0c573f3e9ceff66bb26987" PRIMARY KEY ("id"))`,
    );
    await q.query(`CREATE INDEX "idx_school_closures_school_year" ON "school_closures"  ("school_id", "academic_year", "starts_on") `);
    await q.query(
      `CREATE TABLE "sen_budgets" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "school_id" uuid NOT NULL, "academic_year" smallint NOT NULL, "amount_pence" bigint NOT NULL, "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_dead21d709ae8cf5d713245e7a4" PRIMARY KEY ("id"))`,
    );
    await q.query(`CREATE UNIQUE INDEX "uq_sen_budgets_school_year" ON "sen_budgets"  ("school_id", "academic_year") `);
    await q.query(
      `CREATE TABLE "intervention_groups" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "school_id" uuid NOT NULL, "intervention_id" uuid NOT NULL, "name" character varying(200) NOT NULL, "starts_on" date NOT NULL, "ends_on" date NOT NULL, "location" character varying(100), "created_by" uuid, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "ck_intervention_groups_period" CHECK ("ends_on" >= "starts_on"), CONSTRAINT "PK_831e069d4c9841be487cd531d27" PRIMARY KEY ("id"))`,
    );
    await q.query(`CREATE INDEX "idx_intervention_groups_school_period" ON "intervention_groups"  ("school_id", "starts_on") `);
    await q.query(`CREATE INDEX "idx_intervention_groups_school_intervention" ON "intervention_groups"  ("school_id", "intervention_id") `);
    await q.query(
      `CREATE TABLE "group_staff" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "school_id" uuid NOT NULL, "group_id" uuid NOT NULL, "user_id" uuid NOT NULL, CONSTRAINT "PK_5a20b33dcf90ecb661250c5340b" PRIMARY KEY ("id"))`,
    );
    await q.query(`CREATE INDEX "idx_group_staff_school_user" ON "group_staff"  ("school_id", "user_id") `);
    await q.query(`CREATE UNIQUE INDEX "uq_group_staff_group_user" ON "group_staff"  ("group_id", "user_id") `);
    await q.query(
      `CREATE TABLE "group_slots" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "school_id" uuid NOT NULL, "group_id" uuid NOT NULL, "weekday" smallint NOT NULL, "start_time" TIME NOT NULL, "minutes" smallint NOT NULL, CONSTRAINT "ck_group_slots_values" CHECK ("weekday" BETWEEN 1 AND 5 AND "minutes" BETWEEN 1 AND 390), CONSTRAINT "PK_9c04adeba2d0595e63c3eb92948" PRIMARY KEY ("id"))`,
    );
    await q.query(`CREATE INDEX "idx_group_slots_school_group" ON "group_slots"  ("school_id", "group_id") `);
    await q.query(
      `CREATE TABLE "group_enrolments" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "school_id" uuid NOT NULL, "group_id" uuid NOT NULL, "pupil_id" uuid NOT NULL, "starts_on" date NOT NULL, "ends_on" date, "measure_name" character varying(100), "entry_value" numeric(8,2), "entry_on" date, "exit_value" numeric(8,2), "exit_on" date, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "ck_group_enrolments_period" CHECK ("ends_on" IS NULL OR "ends_on" >= "starts_on"), CONSTRAINT "ex_group_enrolments_no_overlap" EXCLUDE USING gist ("group_id" WITH =, "pupil_id" WITH =, daterange("starts_on", "ends_on", '[]') WITH &&), CONSTRAINT "PK_d01876147042b68c8b79d9a3199" PRIMARY KEY ("id"))`,
    );
    await q.query(`CREATE INDEX "idx_group_enrolments_school_group" ON "group_enrolments"  ("school_id", "group_id") `);
    await q.query(`CREATE INDEX "idx_group_enrolments_school_pupil" ON "group_enrolments"  ("school_id", "pupil_id") `);
    await q.query(
      `CREATE TABLE "intervention_sessions" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "school_id" uuid NOT NULL, "group_id" uuid NOT NULL, "date" date NOT NULL, "start_time" TIME NOT NULL, "minutes" smallint NOT NULL, "status" character varying(10) NOT NULL, "cancel_reason" character varying(20), "actual_minutes" smallint, "note" text, "recorded_by" uuid, "recorded_at" TIMESTAMP WITH TIME ZONE, "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "ck_intervention_sessions_minutes" CHECK ("minutes" BETWEEN 1 AND 390 AND ("actual_minutes" IS NULL OR "actual_minutes" BETWEEN 1 AND 390)), CONSTRAINT "ck_intervention_sessions_recorded" CHECK (("status" = 'planned') = ("recorded_at" IS NULL) AND ("status" = 'cancelled') = ("cancel_reason" IS NOT NULL) AND ("status" = 'delivered') = ("actual_minutes" IS NOT NULL)), CONSTRAINT "PK_f2125c709f01d20eabd5c6ea01d" PRIMARY KEY ("id"))`,
    );
    await q.query(`CREATE INDEX "idx_intervention_sessions_school_group" ON "intervention_sessions"  ("school_id", "group_id", "date") `);
    await q.query(`CREATE INDEX "idx_intervention_sessions_school_date" ON "intervention_sessions"  ("school_id", "date") `);
    await q.query(`CREATE UNIQUE INDEX "uq_intervention_sessions_group_slot" ON "intervention_sessions"  ("group_id", "date", "start_time") `);
    await q.query(
      `CREATE TABLE "session_attendance" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "school_id" uuid NOT NULL, "session_id" uuid NOT NULL, "pupil_id" uuid NOT NULL, "present" boolean NOT NULL, "absence_reason" character varying(24), "progress_score" smallint, "observation" text, CONSTRAINT "PK_bc946a8e6bc80fd2531356f89e6" PRIMARY KEY ("id"))`,
    );
    await q.query(`CREATE INDEX "idx_session_attendance_school_pupil" ON "session_attendance"  ("school_id", "pupil_id") `);
    await q.query(`CREATE UNIQUE INDEX "uq_session_attendance_session_pupil" ON "session_attendance"  ("session_id", "pupil_id") `);
    await q.query(
      `CREATE TABLE "session_corrections" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "school_id" uuid NOT NULL, "session_id" uuid NOT NULL, "corrected_by" uuid, "corrected_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "reason" text NOT NULL, "previous" jsonb NOT NULL, CONSTRAINT "PK_c36b465dc48d957d7c57b47d670" PRIMARY KEY ("id"))`,
    );
    await q.query(`CREATE INDEX "idx_session_corrections_school_session" ON "session_corrections"  ("school_id", "session_id", "corrected_at") `);
    await q.query(
      `CREATE TABLE "calendar_feeds" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "school_id" uuid NOT NULL, "user_id" uuid NOT NULL, "token_hash" character(64) NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "revoked_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "PK_045067d8bb57f971f3c5426ea71" PRIMARY KEY ("id"))`,
    );
    await q.query(`CREATE INDEX "idx_calendar_feeds_school_user" ON "calendar_feeds"  ("school_id", "user_id") `);
    await q.query(`CREATE UNIQUE INDEX "uq_calendar_feeds_token_hash" ON "calendar_feeds"  ("token_hash") `);
    await q.query(
      `ALTER TABLE "interventions" ADD CONSTRAINT "FK_23b79b137e6bb3a2e50c9cac73d" FOREIGN KEY ("school_id") REFERENCES "schools"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await q.query(
      `ALTER TABLE "school_terms" ADD CONSTRAINT "FK_b322ffeb38a2729450d9ad45d98" FOREIGN KEY ("school_id") REFERENCES "schools"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await q.query(
      `ALTER TABLE "school_closures" ADD CONSTRAINT "FK_fa64d1971e8539b96f981c9ae66" FOREIGN KEY ("school_id") REFERENCES "schools"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await q.query(
      `ALTER TABLE "sen_budgets" ADD CONSTRAINT "FK_ed9dc4c006d4259fb0996e9df81" FOREIGN KEY ("school_id") REFERENCES "schools"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await q.query(
      `ALTER TABLE "intervention_groups" ADD CONSTRAINT "FK_51c6a037ebd2072cc312ad6c6cb" FOREIGN KEY ("school_id") REFERENCES "schools"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await q.query(
      `ALTER TABLE "intervention_groups" ADD CONSTRAINT "FK_40961354d5d03883b6aad020977" FOREIGN KEY ("intervention_id") REFERENCES "interventions"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await q.query(
      `ALTER TABLE "group_staff" ADD CONSTRAINT "FK_9130ee9ac40f631db3ab28a2bf7" FOREIGN KEY ("school_id") REFERENCES "schools"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await q.query(
      `ALTER TABLE "group_staff" ADD CONSTRAINT "FK_6dd5c684cc6b057ae276685a1d4" FOREIGN KEY ("group_id") REFERENCES "intervention_groups"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await q.query(
      `ALTER TABLE "group_staff" ADD CONSTRAINT "FK_8470af4d90bf72b380d08656a2d" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await q.query(
      `ALTER TABLE "group_slots" ADD CONSTRAINT "FK_9b92c1c5fd5d0d2661cde54b438" FOREIGN KEY ("school_id") REFERENCES "schools"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await q.query(
      `ALTER TABLE "group_slots" ADD CONSTRAINT "FK_e81ef1dc90dada66a4561cbda07" FOREIGN KEY ("group_id") REFERENCES "intervention_groups"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await q.query(
      `ALTER TABLE "group_enrolments" ADD CONSTRAINT "FK_ddf5bb22e5ff3e5877ec00941d1" FOREIGN KEY ("school_id") REFERENCES "schools"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await q.query(
      `ALTER TABLE "group_enrolments" ADD CONSTRAINT "FK_a845e28446d5457f91c17d39c3b" FOREIGN KEY ("group_id") REFERENCES "intervention_groups"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await q.query(
      `ALTER TABLE "group_enrolments" ADD CONSTRAINT "FK_658505deb01d3f333b595e125c7" FOREIGN KEY ("pupil_id") REFERENCES "pupils"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await q.query(
      `ALTER TABLE "intervention_sessions" ADD CONSTRAINT "FK_65742cd429e9a6a213ad1cfe336" FOREIGN KEY ("school_id") REFERENCES "schools"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await q.query(
      `ALTER TABLE "intervention_sessions" ADD CONSTRAINT "FK_235cbcee728eaae2f8542ea022c" FOREIGN KEY ("group_id") REFERENCES "intervention_groups"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await q.query(
      `ALTER TABLE "session_attendance" ADD CONSTRAINT "FK_68f18be16d45e89b9c4d83e9519" FOREIGN KEY ("school_id") REFERENCES "schools"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await q.query(
      `ALTER TABLE "session_attendance" ADD CONSTRAINT "FK_fe13eeaaceb32f7ef9a269e1af2" FOREIGN KEY ("session_id") REFERENCES "intervention_sessions"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await q.query(
      `ALTER TABLE "session_attendance" ADD CONSTRAINT "FK_4b8d18a0d8036130fe6e50d8824" FOREIGN KEY ("pupil_id") REFERENCES "pupils"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await q.query(
      `ALTER TABLE "session_corrections" ADD CONSTRAINT "FK_77c743efeabaa792de79819b8f3" FOREIGN KEY ("school_id") REFERENCES "schools"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await q.query(
      `ALTER TABLE "session_corrections" ADD CONSTRAINT "FK_437f0e391353b06b01bcfaca6f3" FOREIGN KEY ("session_id") REFERENCES "intervention_sessions"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await q.query(
      `ALTER TABLE "calendar_feeds" ADD CONSTRAINT "FK_037ae4b9ec852bb4e5e0414a6de" FOREIGN KEY ("school_id") REFERENCES "schools"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await q.query(
      `ALTER TABLE "calendar_feeds" ADD CONSTRAINT "FK_3212ce9ff23847e66347a6730d3" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await q.query(
      `ALTER TABLE "plan_provisions" ADD CONSTRAINT "FK_eef8a0278e80516aefa8c92812e" FOREIGN KEY ("intervention_id") REFERENCES "interventions"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );

    const inSchool = `school_id = any ((select app.current_school_ids())::uuid[])`;
    for (const table of [...SCHOOL_TABLES, 'session_attendance']) {
      await q.query(`alter table ${table} enable row level security`);
      await q.query(`alter table ${table} force row level security`);
    }
    for (const table of SCHOOL_TABLES.filter((t) => t !== 'calendar_feeds')) {
      await q.query(`create policy tenant_isolation on ${table} using (${inSchool}) with check (${inSchool})`);
    }
    // Attendance follows the pupil, and is also open to the staff of the session's group: they record it, even
    // late in the year when the pupil has left their group.
    const runsSession = `((select app.sees_taught_pupils()) and exists (
          select 1 from intervention_sessions s join group_staff gs on gs.group_id = s.group_id
           where s.id = session_attendance.session_id and gs.user_id = (select app.current_user_id())))`;
    await q.query(`create policy tenant_isolation on session_attendance
        using (${inSchool} and ((select app.sees_all_pupils()) or exists (select 1 from pupils p where p.id = session_attendance.pupil_id) or ${runsSession}))
        with check (${inSchool} and (exists (select 1 from pupils p where p.id = session_attendance.pupil_id) or ${runsSession}))`);
    // A calendar app fetches a feed with no session: the one row whose token hash the request presents is
    // readable by it, and nothing else.
    await q.query(`create function app.feed_token_hash() returns text language sql stable as
        $$ select coalesce(current_setting('app.feed_token_hash', true), '') $$`);
    await q.query(`create policy tenant_isolation on calendar_feeds
        using (${inSchool} or token_hash = (select app.feed_token_hash()))
        with check (${inSchool})`);

    await q.query(`drop policy tenant_isolation on pupils`);
    await q.query(`create policy tenant_isolation on pupils
        using (${inSchool} and (
          (select app.sees_all_pupils())
          or ((select app.sees_taught_pupils()) and (
                exists (select 1 from staff_classes sc
                         where sc.school_id = pupils.school_id and sc.class_name = pupils.class_name and sc.user_id = (select app.current_user_id()))
                or exists (select 1 from group_enrolments ge
                             join group_staff gs on gs.group_id = ge.group_id
                             join intervention_groups g on g.id = ge.group_id
                            where ge.pupil_id = pupils.id and gs.user_id = (select app.current_user_id())
                              and ge.starts_on <= current_date + 30 and least(coalesce(ge.ends_on, g.ends_on), g.ends_on) >= current_date - 30)))
          or ((select app.sees_linked_pupils()) and exists (
                select 1 from pupil_contacts pc join contacts c on c.id = pc.contact_id
                 where pc.pupil_id = pupils.id and c.user_id = (select app.current_user_id())))
        ))
        with check (${inSchool})`);

    await q.query(`grant execute on all functions in schema app to sen_app`);
    await q.query(`grant select, insert, update on interventions, sen_budgets, intervention_groups, group_enrolments, calendar_feeds to sen_app`);
    await q.query(`grant select, insert, update, delete on school_terms, school_closures, group_staff, group_slots to sen_app`);
    // Sessions: planned ones not yet recorded may be removed (a timetable or calendar change); recorded ones stay.
    await q.query(`grant select, insert, update, delete on intervention_sessions, session_attendance to sen_app`);
    await q.query(`grant select, insert on session_corrections to sen_app`);
    await q.query(`create function app.guard_recorded_session() returns trigger language plpgsql as $$
      begin
        if old.status <> 'planned' then
          raise exception 'a recorded session is kept: correct it instead' using errcode = '55000';
        end if;
        return old;
      end $$`);
    await q.query(`create trigger guard_recorded_session before delete on intervention_sessions for each row execute function app.guard_recorded_session()`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`alter table plan_provisions drop constraint if exists "FK_eef8a0278e80516aefa8c92812e"`);
    for (const table of [
      'calendar_feeds',
      'session_corrections',
      'session_attendance',
      'intervention_sessions',
      'group_enrolments',
      'group_slots',
      'group_staff',
      'intervention_groups',
      'sen_budgets',
      'school_closures',
      'school_terms',
      'interventions',
    ]) {
      await q.query(`drop table if exists "${table}" cascade`);
    }
    await q.query(`drop function if exists app.guard_recorded_session()`);
    await q.query(`drop function if exists app.feed_token_hash()`);
  }
}

const SCHOOL_TABLES = [
  'interventions',
  'school_terms',
  'school_closures',
  'sen_budgets',
  'intervention_groups',
  'group_staff',
  'group_slots',
  'group_enrolments',
  'intervention_sessions',
  'session_corrections',
  'calendar_feeds',
];
