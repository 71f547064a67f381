import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Sharing a pupil's record with outside professionals, and referrals to outside services (issue 22). Every
 * table carries the pupil, so row-level security is the privacy tables' (the school, and the pupil for callers
 * who do not see every pupil). A share link is opened with no session: as for calendar feeds, the one share
 * whose token hash the request presents is readable, and nothing else. The access log gains the share a read
 * came through. Erasure under the retention rule (app.erase_pupil) deletes these rows first, amended in place
 * as 1765070000000 does.
 */
const ANCHOR = `perform set_config('app.erasing_pupil', p_pupil::text, true);`;
const TABLES = ['professional_shares', 'share_items', 'share_codes', 'share_views', 'shared_reports', 'referrals'];
const ERASE = `${ANCHOR}
        update access_events set share_id = null where school_id = p_school and pupil_id = p_pupil and share_id is not null;${TABLES.map(
          (t) => `
        delete from ${t} where school_id = p_school and pupil_id = p_pupil;
        get diagnostics n = row_count; counts := counts || jsonb_build_object('${t}', n);`,
        ).join('')}`;

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

export class Sharing1765125000000 implements MigrationInterface {
  name = 'Sharing1765125000000';

  async up(q: QueryRunner): Promise<void> {
    const ts = 'TIMESTAMP WITH TIME ZONE';
    await q.query(
      `CREATE TABLE "professional_shares" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "school_id" uuid NOT NULL, "pupil_id" uuid NOT NULL, "professional_name" character varying(200) NOT NULL, "professional_email" character varying(254) NOT NULL, "professional_role" character varying(40) NOT NULL, "organisation" character varying(200), "consent_given_by" character varying(200) NOT NULL, "consent_relationship" character varying(20) NOT NULL, "consent_given_on" date NOT NULL, "consent_purpose" text NOT NULL, "token_hash" character(64) NOT NULL, "expires_at" ${ts} NOT NULL, "revoked_at" ${ts}, "created_by" uuid, "created_at" ${ts} NOT NULL DEFAULT now(), CONSTRAINT "PK_professional_shares" PRIMARY KEY ("id"))`,
    );
    await q.query(`CREATE UNIQUE INDEX "uq_professional_shares_token_hash" ON "professional_shares" ("token_hash") `);
    await q.query(`CREATE INDEX "idx_professional_shares_school_pupil" ON "professional_shares" ("school_id", "pupil_id", "created_at") `);
    await q.query(
      `CREATE TABLE "share_items" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "school_id" uuid NOT NULL, "share_id" uuid NOT NULL, "pupil_id" uuid NOT NULL, "kind" character varying(20) NOT NULL, "document_id" uuid, CONSTRAINT "PK_share_items" PRIMARY KEY ("id"))`,
    );
    await q.query(`CREATE INDEX "idx_share_items_share" ON "share_items" ("school_id", "share_id") `);
    await q.query(
      `CREATE TABLE "share_codes" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "school_id" uuid NOT NULL, "share_id" uuid NOT NULL, "pupil_id" uuid NOT NULL, "code_hash" character(64) NOT NULL, "expires_at" ${ts} NOT NULL, "attempts" smallint NOT NULL DEFAULT '0', "used_at" ${ts}, "session_hash" character(64), "session_expires_at" ${ts}, "created_at" ${ts} NOT NULL DEFAULT now(), CONSTRAINT "PK_share_codes" PRIMARY KEY ("id"))`,
    );
    await q.query(`CREATE INDEX "idx_share_codes_share" ON "share_codes" ("school_id", "share_id", "created_at") `);
    await q.query(`CREATE UNIQUE INDEX "uq_share_codes_session_hash" ON "share_codes" ("session_hash") `);
    await q.query(
      `CREATE TABLE "share_views" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "school_id" uuid NOT NULL, "share_id" uuid NOT NULL, "pupil_id" uuid NOT NULL, "action" character varying(10) NOT NULL, "document_id" uuid, "occurred_at" ${ts} NOT NULL DEFAULT now(), CONSTRAINT "PK_share_views" PRIMARY KEY ("id"))`,
    );
    await q.query(`CREATE INDEX "idx_share_views_share" ON "share_views" ("school_id", "share_id", "occurred_at") `);
    await q.query(
      `CREATE TABLE "shared_reports" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "school_id" uuid NOT NULL, "share_id" uuid NOT NULL, "pupil_id" uuid NOT NULL, "professional_name" character varying(200) NOT NULL, "professional_role" character varying(40) NOT NULL, "organisation" character varying(200), "report_date" date NOT NULL, "summary" text NOT NULL, "recommendations" text, "document_id" uuid, "status" character varying(10) NOT NULL, "decided_by" uuid, "decided_at" ${ts}, "professional_report_id" uuid, "created_at" ${ts} NOT NULL DEFAULT now(), CONSTRAINT "PK_shared_reports" PRIMARY KEY ("id"))`,
    );
    await q.query(`CREATE INDEX "idx_shared_reports_school_status" ON "shared_reports" ("school_id", "status", "created_at") `);
    await q.query(`CREATE INDEX "idx_shared_reports_school_pupil" ON "shared_reports" ("school_id", "pupil_id") `);
    await q.query(
      `CREATE TABLE "referrals" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "school_id" uuid NOT NULL, "pupil_id" uuid NOT NULL, "service_name" character varying(200) NOT NULL, "service_kind" character varying(40) NOT NULL, "referred_on" date NOT NULL, "expected_wait_weeks" smallint NOT NULL, "status" character varying(10) NOT NULL, "seen_on" date, "outcome" text, "created_by" uuid, "created_at" ${ts} NOT NULL DEFAULT now(), "updated_at" ${ts} NOT NULL DEFAULT now(), CONSTRAINT "PK_referrals" PRIMARY KEY ("id"))`,
    );
    await q.query(`CREATE INDEX "idx_referrals_school_pupil" ON "referrals" ("school_id", "pupil_id", "referred_on") `);
    await q.query(`CREATE INDEX "idx_referrals_school_status" ON "referrals" ("school_id", "status", "referred_on") `);
    await q.query(`ALTER TABLE "access_events" ADD "share_id" uuid`);

    const inSchool = `school_id = any ((select app.current_school_ids())::uuid[])`;
    await q.query(`create function app.share_token_hash() returns text language sql stable as
        $$ select coalesce(current_setting('app.share_token_hash', true), '') $$`);
    for (const table of TABLES) {
      await q.query(`alter table ${table} enable row level security`);
      await q.query(`alter table ${table} force row level security`);
      const pupilVisible = `exists (select 1 from pupils p where p.id = ${table}.pupil_id)`;
      const byToken = table === 'professional_shares' ? ` or token_hash = (select app.share_token_hash())` : '';
      await q.query(`create policy tenant_isolation on ${table}
          using ((${inSchool} and ((select app.sees_all_pupils()) or ${pupilVisible}))${byToken})
          with check (${inSchool} and ${pupilVisible})`);
    }
    await q.query(`grant execute on function app.share_token_hash() to sen_app`);
    await q.query(`grant select, insert, update (revoked_at) on professional_shares to sen_app`);
    await q.query(`grant select, insert on share_items, share_views to sen_app`);
    await q.query(`grant select, insert, update (attempts, used_at, session_hash, session_expires_at) on share_codes to sen_app`);
    await q.query(`grant select, insert, update (status, decided_by, decided_at, professional_report_id) on shared_reports to sen_app`);
    await q.query(`grant select, insert, update (status, seen_on, outcome, expected_wait_weeks, updated_at) on referrals to sen_app`);
    await q.query(amend(ANCHOR, ERASE));
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(amend(ERASE, ANCHOR));
    await q.query(`ALTER TABLE "access_events" DROP COLUMN "share_id"`);
    for (const table of TABLES) await q.query(`drop table if exists "${table}" cascade`);
    await q.query(`drop function if exists app.share_token_hash()`);
  }
}
