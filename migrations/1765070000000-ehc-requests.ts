import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * EHC needs-assessment requests (issue 20): the request, its appended events (outcomes, the authority's
 * exceptions, corrections) and the clock reminders the daily scan raised. All three are insert-only for the app
 * role: history is appended, never overwritten. Row-level security as for the privacy tables: the school, and
 * the pupil for callers who do not see every pupil. Erasure under the retention rule (app.erase_pupil) deletes
 * them first, amended in place as 1765060000000 does, so its grants and the rest of its body stay as they were.
 */
const ANCHOR = `perform set_config('app.erasing_pupil', p_pupil::text, true);`;
const ERASE = `${ANCHOR}
        delete from ehc_request_reminders where school_id = p_school and pupil_id = p_pupil;
        get diagnostics n = row_count; counts := counts || jsonb_build_object('ehc_request_reminders', n);
        delete from ehc_request_events where school_id = p_school and pupil_id = p_pupil;
        get diagnostics n = row_count; counts := counts || jsonb_build_object('ehc_request_events', n);
        delete from ehc_requests where school_id = p_school and pupil_id = p_pupil;
        get diagnostics n = row_count; counts := counts || jsonb_build_object('ehc_requests', n);`;

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

const TABLES = ['ehc_requests', 'ehc_request_events', 'ehc_request_reminders'];

export class EhcRequests1765070000000 implements MigrationInterface {
  name = 'EhcRequests1765070000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `CREATE TABLE "ehc_requests" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "school_id" uuid NOT NULL, "pupil_id" uuid NOT NULL, "requested_by" character varying(12) NOT NULL, "review_id" uuid, "evidence_pack_on" date, "professional_report_ids" uuid array NOT NULL, "authority_reference" character varying(100), "notes" text, "created_by" uuid, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_de50bc93f574b9b939fa10a9686" PRIMARY KEY ("id"))`,
    );
    await q.query(`CREATE INDEX "idx_ehc_requests_school_pupil" ON "ehc_requests" ("school_id", "pupil_id", "created_at") `);
    await q.query(
      `CREATE TABLE "ehc_request_events" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "school_id" uuid NOT NULL, "pupil_id" uuid NOT NULL, "request_id" uuid NOT NULL, "kind" character varying(12) NOT NULL, "outcome" character varying(24), "clock" character varying(16), "exception_kind" character varying(24), "occurred_on" date, "ends_on" date, "corrects_id" uuid, "note" text, "recorded_by" uuid, "recorded_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_87c249caa4d5ea1ee17c78df7c4" PRIMARY KEY ("id"))`,
    );
    await q.query(`CREATE INDEX "idx_ehc_request_events_request" ON "ehc_request_events" ("school_id", "request_id", "recorded_at") `);
    await q.query(`CREATE INDEX "idx_ehc_request_events_pupil" ON "ehc_request_events" ("school_id", "pupil_id") `);
    await q.query(
      `CREATE TABLE "ehc_request_reminders" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "school_id" uuid NOT NULL, "pupil_id" uuid NOT NULL, "request_id" uuid NOT NULL, "clock" character varying(16) NOT NULL, "kind" character varying(8) NOT NULL, "due_on" date NOT NULL, "raised_on" date NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_6032d694b6f4f4bd5cf6313d321" PRIMARY KEY ("id"))`,
    );
    await q.query(`CREATE UNIQUE INDEX "uq_ehc_request_reminders_key" ON "ehc_request_reminders" ("request_id", "clock", "kind", "due_on") `);
    await q.query(`CREATE INDEX "idx_ehc_request_reminders_school_pupil" ON "ehc_request_reminders" ("school_id", "pupil_id") `);
    const fk = async (table: string, name: string, column: string, target: string): Promise<void> => {
      await q.query(
        `ALTER TABLE "${table}" ADD CONSTRAINT "${name}" FOREIGN KEY ("${column}") REFERENCES "${target}"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
      );
    };
    await fk('ehc_requests', 'FK_0880c45411f5ee26e9f4ccb5d64', 'school_id', 'schools');
    await fk('ehc_requests', 'FK_4c0079822db87043f072887b039', 'pupil_id', 'pupils');
    await fk('ehc_requests', 'FK_4855e07ccd8086a254fe2892fcf', 'review_id', 'plan_reviews');
    await fk('ehc_request_events', 'FK_d78d8a34b40cf39c91f58f69165', 'school_id', 'schools');
    await fk('ehc_request_events', 'FK_81eabc9fe57d15ce1118875387f', 'pupil_id', 'pupils');
    await fk('ehc_request_events', 'FK_a2e0f1768d994b684170fd8afd5', 'request_id', 'ehc_requests');
    await fk('ehc_request_events', 'FK_0a6b217bf304ca11a268a0cb2dc', 'corrects_id', 'ehc_request_events');
    await fk('ehc_request_reminders', 'FK_20cbd30c09d803f5b35fe6ce10a', 'school_id', 'schools');
    await fk('ehc_request_reminders', 'FK_273f71d1ca44d33f9461afb4706', 'pupil_id', 'pupils');
    await fk('ehc_request_reminders', 'FK_c0e81766b79221d8e8612b60bd9', 'request_id', 'ehc_requests');

    await q.query(`ALTER TABLE "ehc_requests" ADD CONSTRAINT "ck_ehc_requests_requested_by" CHECK ("requested_by" IN ('school', 'parent', 'young_person'))`);
    await q.query(`ALTER TABLE "ehc_request_events" ADD CONSTRAINT "ck_ehc_request_events_kind" CHECK (
        ("kind" = 'outcome' AND "outcome" IS NOT NULL AND "occurred_on" IS NOT NULL AND "corrects_id" IS NULL)
        OR ("kind" = 'exception' AND "clock" IS NOT NULL AND "exception_kind" IS NOT NULL AND "occurred_on" IS NOT NULL AND ("ends_on" IS NULL OR "ends_on" >= "occurred_on"))
        OR ("kind" = 'correction' AND "corrects_id" IS NOT NULL AND "note" IS NOT NULL))`);
    await q.query(`ALTER TABLE "ehc_request_reminders" ADD CONSTRAINT "ck_ehc_request_reminders_kind" CHECK ("kind" IN ('soon', 'today', 'missed'))`);
    await q.query(`CREATE UNIQUE INDEX "uq_ehc_request_events_corrects" ON "ehc_request_events" ("corrects_id") WHERE corrects_id IS NOT NULL`);

    const inSchool = `school_id = any ((select app.current_school_ids())::uuid[])`;
    for (const table of TABLES) {
      await q.query(`alter table ${table} enable row level security`);
      await q.query(`alter table ${table} force row level security`);
      const pupilVisible = `exists (select 1 from pupils p where p.id = ${table}.pupil_id)`;
      await q.query(`create policy tenant_isolation on ${table}
          using (${inSchool} and ((select app.sees_all_pupils()) or ${pupilVisible}))
          with check (${inSchool} and ${pupilVisible})`);
      await q.query(`grant select, insert on ${table} to sen_app`);
    }
    await q.query(amend(ANCHOR, ERASE));
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(amend(ERASE, ANCHOR));
    for (const table of [...TABLES].reverse()) await q.query(`drop table if exists "${table}" cascade`);
  }
}
