import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * EHC plans and their reviews (docs/domain.md, "EHC plan reviews and re-assessment"): the plan as issued and
 * its amended versions, each review with its dated steps, the people invited and their advice, and the
 * reminders the daily scan raised. Row-level security as for plans: the school, and the pupil for staff
 * and parents who do not see every pupil.
 */
/**
 * Erasure under the retention rule (app.erase_pupil) removes the pupil's EHC plan records too: amended in place,
 * as 1765060000000 does, before its first delete, so its grants and the rest of its body stay as they were.
 */
const ERASE_ANCHOR = 'delete from plan_contributions where school_id = p_school and pupil_id = p_pupil;';
const ERASE_EHC = ['ehc_review_reminders', 'ehc_review_invitees', 'ehc_reviews', 'ehc_plans']
  .map(
    (t) => `delete from ${t} where school_id = p_school and pupil_id = p_pupil;
        get diagnostics n = row_count; counts := counts || jsonb_build_object('${t}', n);
        `,
  )
  .join('');
const amendErase = (from: string, to: string) => `do $$
  declare def text;
  begin
    select pg_get_functiondef('app.erase_pupil(uuid, uuid)'::regprocedure) into def;
    if position('${from.replaceAll("'", "''")}' in def) = 0 then
      raise exception 'app.erase_pupil is not the definition this migration expects';
    end if;
    execute replace(def, '${from.replaceAll("'", "''")}', '${to.replaceAll("'", "''")}');
  end $$`;

export class EhcPlans1765075000000 implements MigrationInterface {
  name = 'EhcPlans1765075000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `CREATE TABLE "ehc_plans" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "school_id" uuid NOT NULL, "pupil_id" uuid NOT NULL, "version" smallint NOT NULL, "issued_on" date NOT NULL, "authority" character varying(200) NOT NULL, "outcomes" jsonb NOT NULL, "transfer_setting" character varying(4), "proposed_amended_on" date, "final_amended_on" date, "recorded_by" uuid, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_ehc_plans" PRIMARY KEY ("id"))`,
    );
    await q.query(`CREATE UNIQUE INDEX "uq_ehc_plans_pupil_version" ON "ehc_plans" ("school_id", "pupil_id", "version") `);
    await q.query(
      `CREATE TABLE "ehc_reviews" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "school_id" uuid NOT NULL, "pupil_id" uuid NOT NULL, "plan_id" uuid NOT NULL, "kind" character varying(8) NOT NULL, "requested_by" character varying(20), "status" character varying(10) NOT NULL, "due_on" date NOT NULL, "transfer_deadline" date, "hold_by" date NOT NULL, "meeting_on" date, "place" character varying(200), "advice_circulated_on" date, "advice_circulated_late" boolean NOT NULL DEFAULT false, "held_on" date, "pupil_views" text, "parent_views" text, "progress" jsonb, "preparing_for_adulthood" jsonb, "recommendation" character varying(8), "proposed_changes" text, "report_sent_on" date, "decision" character varying(8), "decision_on" date, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_ehc_reviews" PRIMARY KEY ("id"))`,
    );
    await q.query(`CREATE INDEX "idx_ehc_reviews_school_hold_by" ON "ehc_reviews" ("school_id", "hold_by") `);
    await q.query(`CREATE INDEX "idx_ehc_reviews_school_pupil" ON "ehc_reviews" ("school_id", "pupil_id") `);
    await q.query(
      `CREATE TABLE "ehc_review_invitees" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "school_id" uuid NOT NULL, "pupil_id" uuid NOT NULL, "review_id" uuid NOT NULL, "role" character varying(16) NOT NULL, "name" character varying(200) NOT NULL, "invited_on" date NOT NULL, "late" boolean NOT NULL DEFAULT false, "advice_requested_on" date, "advice_received_on" date, "advice_summary" text, CONSTRAINT "PK_ehc_review_invitees" PRIMARY KEY ("id"))`,
    );
    await q.query(`CREATE INDEX "idx_ehc_review_invitees_school_review" ON "ehc_review_invitees" ("school_id", "review_id") `);
    await q.query(
      `CREATE TABLE "ehc_review_reminders" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "school_id" uuid NOT NULL, "pupil_id" uuid NOT NULL, "review_id" uuid NOT NULL, "kind" character varying(20) NOT NULL, "deadline" date NOT NULL, "stage" character varying(6) NOT NULL, "raised_on" date NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_ehc_review_reminders" PRIMARY KEY ("id"))`,
    );
    await q.query(`CREATE UNIQUE INDEX "uq_ehc_review_reminders_key" ON "ehc_review_reminders" ("review_id", "kind", "deadline", "stage") `);
    await q.query(`CREATE INDEX "idx_ehc_review_reminders_school_pupil" ON "ehc_review_reminders" ("school_id", "pupil_id") `);
    await q.query(
      `ALTER TABLE "ehc_plans" ADD CONSTRAINT "FK_f4a1d7c9c899ee2114d4626a211" FOREIGN KEY ("school_id") REFERENCES "schools"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await q.query(
      `ALTER TABLE "ehc_plans" ADD CONSTRAINT "FK_28caf91dc5d17d743b295786d8a" FOREIGN KEY ("pupil_id") REFERENCES "pupils"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await q.query(
      `ALTER TABLE "ehc_reviews" ADD CONSTRAINT "FK_59e066fe542cc8f430ee6c7cae8" FOREIGN KEY ("school_id") REFERENCES "schools"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await q.query(
      `ALTER TABLE "ehc_reviews" ADD CONSTRAINT "FK_66401f26b3d6c6bf1b01c80e2bf" FOREIGN KEY ("pupil_id") REFERENCES "pupils"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await q.query(
      `ALTER TABLE "ehc_reviews" ADD CONSTRAINT "FK_d6aa09f81286dd08dbafb832e22" FOREIGN KEY ("plan_id") REFERENCES "ehc_plans"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await q.query(
      `ALTER TABLE "ehc_review_invitees" ADD CONSTRAINT "FK_81cf3ab89a34a23ca689c89b7c4" FOREIGN KEY ("school_id") REFERENCES "schools"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await q.query(
      `ALTER TABLE "ehc_review_invitees" ADD CONSTRAINT "FK_65620acd096b2318768add44fcb" FOREIGN KEY ("pupil_id") REFERENCES "pupils"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await q.query(
      `ALTER TABLE "ehc_review_invitees" ADD CONSTRAINT "FK_4829813d403b6699e01b8fe1706" FOREIGN KEY ("review_id") REFERENCES "ehc_reviews"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await q.query(
      `ALTER TABLE "ehc_review_reminders" ADD CONSTRAINT "FK_6d2f2e98cba58a4600b41d37d56" FOREIGN KEY ("school_id") REFERENCES "schools"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await q.query(
      `ALTER TABLE "ehc_review_reminders" ADD CONSTRAINT "FK_ce655aa44bdaafd4dc2360a6c79" FOREIGN KEY ("pupil_id") REFERENCES "pupils"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await q.query(
      `ALTER TABLE "ehc_review_reminders" ADD CONSTRAINT "FK_8915c570d6c828589c575e4cb9d" FOREIGN KEY ("review_id") REFERENCES "ehc_reviews"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );

    await q.query(`ALTER TABLE "ehc_reviews" ADD CONSTRAINT "ck_ehc_reviews_kind" CHECK ("kind" IN ('annual', 'interim', 'early'))`);
    await q.query(`ALTER TABLE "ehc_reviews" ADD CONSTRAINT "ck_ehc_reviews_status" CHECK ("status" IN ('due', 'scheduled', 'held', 'reported', 'decided'))`);
    await q.query(`ALTER TABLE "ehc_reviews" ADD CONSTRAINT "ck_ehc_reviews_dates" CHECK ("report_sent_on" >= "held_on" AND "decision_on" >= "held_on")`);
    await q.query(
      `ALTER TABLE "ehc_review_invitees" ADD CONSTRAINT "ck_ehc_review_invitees_role" CHECK ("role" IN ('parent', 'young_person', 'local_authority', 'health', 'social_care', 'other'))`,
    );

    // Row-level security as for plans: the school, and (for staff who do not see every pupil, and parents) the pupil.
    const inSchool = `school_id = any ((select app.current_school_ids())::uuid[])`;
    for (const table of ['ehc_plans', 'ehc_reviews', 'ehc_review_invitees', 'ehc_review_reminders']) {
      await q.query(`alter table ${table} enable row level security`);
      await q.query(`alter table ${table} force row level security`);
      const pupilVisible = `exists (select 1 from pupils p where p.id = ${table}.pupil_id)`;
      await q.query(`create policy tenant_isolation on ${table}
          using (${inSchool} and ((select app.sees_all_pupils()) or ${pupilVisible}))
          with check (${inSchool} and ${pupilVisible})`);
    }
    // Plan versions are added, never rewritten; the reminders are written once by the scan.
    await q.query(`grant select, insert on ehc_plans to sen_app`);
    await q.query(`grant select, insert, update on ehc_reviews to sen_app`);
    await q.query(`grant select, insert, update on ehc_review_invitees to sen_app`);
    await q.query(`grant select, insert on ehc_review_reminders to sen_app`);
    await q.query(amendErase(ERASE_ANCHOR, ERASE_EHC + ERASE_ANCHOR));
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(amendErase(ERASE_EHC + ERASE_ANCHOR, ERASE_ANCHOR));
    for (const table of ['ehc_review_reminders', 'ehc_review_invitees', 'ehc_reviews', 'ehc_plans']) await q.query(`DROP TABLE "${table}"`);
  }
}
