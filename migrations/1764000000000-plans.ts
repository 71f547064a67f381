import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Support plans: the Assess–Plan–Do–Review cycles of the graduated approach (SEND Code of Practice
 * 6.44–6.56), their versions, targets, provision, reviews and outcomes, outside professionals' advice, and
 * the views given for a review; plus the school's review interval.
 *
 * Every table carries `school_id` and `pupil_id` and inherits pupil-level visibility from `pupils` (as
 * `sen_status_entries` does): a parent reads only their child's plan, a teacher only their pupils'.
 * History is kept by the database, not only by the code: an agreed version cannot be edited (a trigger), its
 * targets and provision cannot change, and reviews, outcomes, reports and views are insert-only (grants).
 */
export class Plans1764000000000 implements MigrationInterface {
  name = 'Plans1764000000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `CREATE TABLE "plan_cycles" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "school_id" uuid NOT NULL, "pupil_id" uuid NOT NULL, "number" smallint NOT NULL, "status" character varying(10) NOT NULL, "opened_on" date NOT NULL, "activated_on" date, "review_date" date, "reviewed_on" date, "closed_on" date, "previous_cycle_id" uuid, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_30879c00932b43f0cbfc71e634c" PRIMARY KEY ("id"))`,
    );
    await q.query(`CREATE INDEX "idx_plan_cycles_school_review" ON "plan_cycles"  ("school_id", "status", "review_date") `);
    await q.query(`CREATE INDEX "idx_plan_cycles_school_pupil" ON "plan_cycles"  ("school_id", "pupil_id", "number") `);
    await q.query(`CREATE UNIQUE INDEX "uq_plan_cycles_one_open" ON "plan_cycles"  ("pupil_id") WHERE "status" IN ('planning', 'active')`);
    await q.query(`CREATE UNIQUE INDEX "uq_plan_cycles_pupil_number" ON "plan_cycles"  ("pupil_id", "number") `);
    await q.query(
      `CREATE TABLE "plan_versions" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "school_id" uuid NOT NULL, "pupil_id" uuid NOT NULL, "cycle_id" uuid NOT NULL, "version" smallint NOT NULL, "status" character varying(12) NOT NULL, "starts_on" date NOT NULL, "review_date" date, "needs" jsonb NOT NULL, "strengths" text, "attainment" text, "pupil_views" text, "parent_views" text, "home_support" text, "involvement" jsonb, "change_summary" text, "created_by" uuid, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "agreed_on" date, "agreed_by" uuid, "activated_on" date, "superseded_on" date, CONSTRAINT "PK_dd2f605d45f2679a86a7c1c5b20" PRIMARY KEY ("id"))`,
    );
    await q.query(`CREATE INDEX "idx_plan_versions_school_pupil" ON "plan_versions"  ("school_id", "pupil_id") `);
    await q.query(`CREATE UNIQUE INDEX "uq_plan_versions_one_active" ON "plan_versions"  ("cycle_id") WHERE "status" = 'active'`);
    await q.query(`CREATE UNIQUE INDEX "uq_plan_versions_one_draft" ON "plan_versions"  ("cycle_id") WHERE "status" = 'draft'`);
    await q.query(`CREATE UNIQUE INDEX "uq_plan_versions_cycle_version" ON "plan_versions"  ("cycle_id", "version") `);
    await q.query(
      `CREATE TABLE "plan_targets" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "school_id" uuid NOT NULL, "pupil_id" uuid NOT NULL, "version_id" uuid NOT NULL, "position" smallint NOT NULL, "description" text NOT NULL, "area_of_need" character varying(40), "measure" text, "baseline" text, "success_criterion" text, "target_date" date, "carried_from_id" uuid, CONSTRAINT "ck_plan_targets_position" CHECK ("position" >= 0), CONSTRAINT "PK_0195ad24ee863a04c7615ad6360" PRIMARY KEY ("id"))`,
    );
    await q.query(`CREATE INDEX "idx_plan_targets_school_version" ON "plan_targets"  ("school_id", "version_id", "position") `);
    await q.query(
      `CREATE TABLE "plan_provisions" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "school_id" uuid NOT NULL, "pupil_id" uuid NOT NULL, "version_id" uuid NOT NULL, "position" smallint NOT NULL, "description" text NOT NULL, "intervention_id" uuid, "staff_role" character varying(40), "delivered_by" character varying(200), "frequency_count" smallint, "frequency_period" character varying(12), "minutes_per_session" smallint, "group_size" smallint, "starts_on" date, "ends_on" date, CONSTRAINT "ck_plan_provisions_period" CHECK ("ends_on" IS NULL OR "starts_on" IS NULL OR "ends_on" >= "starts_on"), CONSTRAINT "ck_plan_provisions_numbers" CHECK (("frequency_count" IS NULL OR "frequency_count" > 0) AND ("minutes_per_session" IS NULL OR "minutes_per_session" > 0) AND ("group_size" IS NULL OR "group_size" > 0) AND "position" >= 0), CONSTRAINT "PK_54bfe67c065c8421097be08666c" PRIMARY KEY ("id"))`,
    );
    await q.query(`CREATE INDEX "idx_plan_provisions_school_intervention" ON "plan_provisions"  ("school_id", "intervention_id") `);
    await q.query(`CREATE INDEX "idx_plan_provisions_school_version" ON "plan_provisions"  ("school_id", "version_id", "position") `);
    await q.query(
      `CREATE TABLE "plan_reviews" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "school_id" uuid NOT NULL, "pupil_id" uuid NOT NULL, "cycle_id" uuid NOT NULL, "version_id" uuid NOT NULL, "held_on" date NOT NULL, "due_on" date, "attendees" jsonb NOT NULL, "what_worked" text, "what_did_not_work" text, "parent_views" text, "pupil_views" text, "decision" character varying(12) NOT NULL, "ehcna_requested_on" date, "recorded_by" uuid, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_156728cf593bc21a68c5e03aa9f" PRIMARY KEY ("id"))`,
    );
    await q.query(`CREATE INDEX "idx_plan_reviews_school_held" ON "plan_reviews"  ("school_id", "held_on") `);
    await q.query(`CREATE INDEX "idx_plan_reviews_school_pupil" ON "plan_reviews"  ("school_id", "pupil_id", "held_on") `);
    await q.query(`CREATE UNIQUE INDEX "uq_plan_reviews_cycle" ON "plan_reviews"  ("cycle_id") `);
    await q.query(
      `CREATE TABLE "review_outcomes" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "school_id" uuid NOT NULL, "pupil_id" uuid NOT NULL, "review_id" uuid NOT NULL, "target_id" uuid NOT NULL, "outcome" character varying(16) NOT NULL, "measured_value" text, "comment" text, CONSTRAINT "PK_be75655b21bdb01b545dc66969b" PRIMARY KEY ("id"))`,
    );
    await q.query(`CREATE INDEX "idx_review_outcomes_school_review" ON "review_outcomes"  ("school_id", "review_id") `);
    await q.query(`CREATE UNIQUE INDEX "uq_review_outcomes_target" ON "review_outcomes"  ("target_id") `);
    await q.query(
      `CREATE TABLE "professional_reports" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "school_id" uuid NOT NULL, "pupil_id" uuid NOT NULL, "cycle_id" uuid, "profession" character varying(40) NOT NULL, "professional_name" character varying(200) NOT NULL, "organisation" character varying(200), "report_date" date NOT NULL, "summary" text NOT NULL, "recommendations" text, "recorded_by" uuid, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_772b6331ea2305a29afa2c20f73" PRIMARY KEY ("id"))`,
    );
    await q.query(`CREATE INDEX "idx_professional_reports_school_pupil" ON "professional_reports"  ("school_id", "pupil_id", "report_date") `);
    await q.query(
      `CREATE TABLE "plan_contributions" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "school_id" uuid NOT NULL, "pupil_id" uuid NOT NULL, "cycle_id" uuid NOT NULL, "author_kind" character varying(10) NOT NULL, "author_user_id" uuid, "target_id" uuid, "body" text NOT NULL, "measured_value" text, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_465cd4efcbef9e303b82627bc68" PRIMARY KEY ("id"))`,
    );
    await q.query(`CREATE INDEX "idx_plan_contributions_school_cycle" ON "plan_contributions"  ("school_id", "cycle_id", "created_at") `);
    await q.query(`ALTER TABLE "schools" ADD "review_interval_weeks" smallint NOT NULL DEFAULT '12'`);
    await q.query(`ALTER TABLE "schools" ADD CONSTRAINT "ck_schools_review_interval" CHECK ("review_interval_weeks" BETWEEN 6 AND 12)`);
    await q.query(
      `ALTER TABLE "plan_cycles" ADD CONSTRAINT "FK_386abf30bc325befa8d068d0d4f" FOREIGN KEY ("school_id") REFERENCES "schools"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await q.query(
      `ALTER TABLE "plan_cycles" ADD CONSTRAINT "FK_b0133f1eef30241288385525760" FOREIGN KEY ("pupil_id") REFERENCES "pupils"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await q.query(
      `ALTER TABLE "plan_cycles" ADD CONSTRAINT "FK_850eab0b9af835db88727dbf564" FOREIGN KEY ("previous_cycle_id") REFERENCES "plan_cycles"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await q.query(
      `ALTER TABLE "plan_versions" ADD CONSTRAINT "FK_b3e68d7572e40798a6d33da194e" FOREIGN KEY ("school_id") REFERENCES "schools"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await q.query(
      `ALTER TABLE "plan_versions" ADD CONSTRAINT "FK_e3422e46de8ad3cabbb753d29b8" FOREIGN KEY ("pupil_id") REFERENCES "pupils"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await q.query(
      `ALTER TABLE "plan_versions" ADD CONSTRAINT "FK_eb6845fac58f5a7fd036744d197" FOREIGN KEY ("cycle_id") REFERENCES "plan_cycles"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await q.query(
      `ALTER TABLE "plan_targets" ADD CONSTRAINT "FK_b23a204de77885057c5d7feb510" FOREIGN KEY ("school_id") REFERENCES "schools"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await q.query(
      `ALTER TABLE "plan_targets" ADD CONSTRAINT "FK_6976cefe9bb7591b919d0e395a5" FOREIGN KEY ("pupil_id") REFERENCES "pupils"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await q.query(
      `ALTER TABLE "plan_targets" ADD CONSTRAINT "FK_87f0d7dab80e07d571c49ee3408" FOREIGN KEY ("version_id") REFERENCES "plan_versions"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await q.query(
      `ALTER TABLE "plan_targets" ADD CONSTRAINT "FK_be76df44a4c88a4cbcd05f52689" FOREIGN KEY ("carried_from_id") REFERENCES "plan_targets"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await q.query(
      `ALTER TABLE "plan_provisions" ADD CONSTRAINT "FK_71b28f6c2535cc044efb90df489" FOREIGN KEY ("school_id") REFERENCES "schools"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await q.query(
      `ALTER TABLE "plan_provisions" ADD CONSTRAINT "FK_9b783ff8c538c0568c071023d17" FOREIGN KEY ("pupil_id") REFERENCES "pupils"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await q.query(
      `ALTER TABLE "plan_provisions" ADD CONSTRAINT "FK_4a6120647b3dc6c219a4cf987c9" FOREIGN KEY ("version_id") REFERENCES "plan_versions"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await q.query(
      `ALTER TABLE "plan_reviews" ADD CONSTRAINT "FK_91cbe699acfaada112447b13add" FOREIGN KEY ("school_id") REFERENCES "schools"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await q.query(
      `ALTER TABLE "plan_reviews" ADD CONSTRAINT "FK_e8a154531b3c56eae5ef83af91d" FOREIGN KEY ("pupil_id") REFERENCES "pupils"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await q.query(
      `ALTER TABLE "plan_reviews" ADD CONSTRAINT "FK_40578928fc95ec0acf181257c0a" FOREIGN KEY ("cycle_id") REFERENCES "plan_cycles"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await q.query(
      `ALTER TABLE "plan_reviews" ADD CONSTRAINT "FK_80906c137e5665c1cfb17bfead6" FOREIGN KEY ("version_id") REFERENCES "plan_versions"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await q.query(
      `ALTER TABLE "review_outcomes" ADD CONSTRAINT "FK_c4f419e94c88ed55102c2545eaa" FOREIGN KEY ("school_id") REFERENCES "schools"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await q.query(
      `ALTER TABLE "review_outcomes" ADD CONSTRAINT "FK_3891b8543667684bca55d8df657" FOREIGN KEY ("pupil_id") REFERENCES "pupils"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await q.query(
      `ALTER TABLE "review_outcomes" ADD CONSTRAINT "FK_9caa58477aa78b2e13ded2027d6" FOREIGN KEY ("review_id") REFERENCES "plan_reviews"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await q.query(
      `ALTER TABLE "review_outcomes" ADD CONSTRAINT "FK_5e5071ada5f9c1ae6eac9e2fc69" FOREIGN KEY ("target_id") REFERENCES "plan_targets"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await q.query(
      `ALTER TABLE "professional_reports" ADD CONSTRAINT "FK_ad3128931e3dbe8d6b84d5f1820" FOREIGN KEY ("school_id") REFERENCES "schools"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await q.query(
      `ALTER TABLE "professional_reports" ADD CONSTRAINT "FK_5582c7f54b9b00a99d1800de433" FOREIGN KEY ("pupil_id") REFERENCES "pupils"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await q.query(
      `ALTER TABLE "professional_reports" ADD CONSTRAINT "FK_26e3137263e3ca18f0dff1ece21" FOREIGN KEY ("cycle_id") REFERENCES "plan_cycles"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await q.query(
      `ALTER TABLE "plan_contributions" ADD CONSTRAINT "FK_a5f4a99f94688816d4807c16293" FOREIGN KEY ("school_id") REFERENCES "schools"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await q.query(
      `ALTER TABLE "plan_contributions" ADD CONSTRAINT "FK_aedec9415917c568d295a79fbbd" FOREIGN KEY ("pupil_id") REFERENCES "pupils"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await q.query(
      `ALTER TABLE "plan_contributions" ADD CONSTRAINT "FK_3aa8d4bce1974e5611c6de344d4" FOREIGN KEY ("cycle_id") REFERENCES "plan_cycles"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await q.query(
      `ALTER TABLE "plan_contributions" ADD CONSTRAINT "FK_b0c978a5596f0e0c5cf4fe7cf24" FOREIGN KEY ("target_id") REFERENCES "plan_targets"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );

    const inSchool = `school_id = any ((select app.current_school_ids())::uuid[])`;
    for (const table of PLAN_TABLES) {
      await q.query(`alter table ${table} enable row level security`);
      await q.query(`alter table ${table} force row level security`);
      const pupilVisible = `exists (select 1 from pupils p where p.id = ${table}.pupil_id)`;
      await q.query(`create policy tenant_isolation on ${table}
          using (${inSchool} and ((select app.sees_all_pupils()) or ${pupilVisible}))
          with check (${inSchool} and ${pupilVisible})`);
    }

    // An agreed plan is a record: its content is frozen, and a version only moves forward through its states.
    await q.query(`create function app.guard_plan_version() returns trigger language plpgsql as $$
      begin
        if old.status <> 'draft' and (new.school_id, new.pupil_id, new.cycle_id, new.version, new.starts_on, new.review_date,
              new.needs, new.strengths, new.attainment, new.pupil_views, new.parent_views, new.home_support, new.involvement,
              new.change_summary, new.agreed_on, new.agreed_by)
            is distinct from (old.school_id, old.pupil_id, old.cycle_id, old.version, old.starts_on, old.review_date,
              old.needs, old.strengths, old.attainment, old.pupil_views, old.parent_views, old.home_support, old.involvement,
              old.change_summary, old.agreed_on, old.agreed_by) then
          raise exception 'plan version % is %: an agreed plan is kept as agreed; edit a new version', old.version, old.status
            using errcode = '55000';
        end if;
        if new.status is distinct from old.status and not (
              (old.status = 'draft' and new.status in ('agreed', 'superseded'))
           or (old.status = 'agreed' and new.status in ('active', 'superseded'))
           or (old.status = 'active' and new.status = 'superseded')) then
          raise exception 'plan version % cannot go from % to %', old.version, old.status, new.status using errcode = '55000';
        end if;
        return new;
      end $$`);
    await q.query(`create trigger guard_plan_version before update on plan_versions for each row execute function app.guard_plan_version()`);
    await q.query(`create function app.guard_plan_item() returns trigger language plpgsql as $$
      declare
        version_status text;
      begin
        select v.status into version_status from plan_versions v
         where v.id = case when tg_op = 'INSERT' then new.version_id else old.version_id end;
        if version_status is distinct from 'draft' or (tg_op = 'UPDATE' and new.version_id <> old.version_id) then
          raise exception 'the targets and provision of an agreed plan are kept as agreed; edit a new version' using errcode = '55000';
        end if;
        return case when tg_op = 'DELETE' then old else new end;
      end $$`);
    for (const table of ['plan_targets', 'plan_provisions']) {
      await q.query(`create trigger guard_plan_item before insert or update or delete on ${table} for each row execute function app.guard_plan_item()`);
    }
    await q.query(`grant execute on all functions in schema app to sen_app`);

    await q.query(`grant select, insert, update (status, activated_on, review_date, reviewed_on, closed_on) on plan_cycles to sen_app`);
    await q.query(`grant select, insert, update on plan_versions to sen_app`);
    await q.query(`grant select, insert, update, delete on plan_targets, plan_provisions to sen_app`);
    await q.query(`grant select, insert on plan_reviews, review_outcomes, professional_reports, plan_contributions to sen_app`);
    // Staff may change their own school's settings (the code limits which, and who); reading was already allowed.
    await q.query(`create policy school_settings on schools for update
        using (id = any ((select app.current_school_ids())::uuid[])) with check (id = any ((select app.current_school_ids())::uuid[]))`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const table of [...PLAN_TABLES].reverse()) await q.query(`drop table if exists "${table}" cascade`);
    await q.query(`drop function if exists app.guard_plan_item()`);
    await q.query(`drop function if exists app.guard_plan_version()`);
    await q.query(`drop policy if exists school_settings on schools`);
    await q.query(`alter table schools drop constraint if exists ck_schools_review_interval`);
    await q.query(`alter table schools drop column if exists review_interval_weeks`);
  }
}

const PLAN_TABLES = [
  'plan_cycles',
  'plan_versions',
  'plan_targets',
  'plan_provisions',
  'plan_reviews',
  'review_outcomes',
  'professional_reports',
  'plan_contributions',
];
