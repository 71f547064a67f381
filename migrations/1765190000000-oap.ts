import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Ordinarily available provision (issue 26; docs/oap.md). An authority's framework and its expectations belong
 * to no school: every school whose LA code matches reads them (a school in scope with that la_code); only the
 * platform admin, or the lead of the trust that owns one with that trust's schools in scope, writes them
 * (the trust tables' rule, 1765160000000-trust-sign-in.ts). A version once imported is not changed: a new one
 * is imported instead, so the app role may only insert and read them.
 * A pupil's in-class adjustments and "not applicable" marks are the school's, under the privacy tables' rule
 * (the school, and the pupil for callers who do not see every pupil); erasure under the retention rule
 * (app.erase_pupil) removes them, amended in place as 1765155000000 does.
 */
const ANCHOR = `perform set_config('app.erasing_pupil', p_pupil::text, true);`;
const ERASE = `${ANCHOR}
        delete from oap_adjustments where school_id = p_school and pupil_id = p_pupil;
        get diagnostics n = row_count; counts := counts || jsonb_build_object('oap_adjustments', n);
        delete from oap_not_applicable where school_id = p_school and pupil_id = p_pupil;
        get diagnostics n = row_count; counts := counts || jsonb_build_object('oap_not_applicable', n);`;

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

export class Oap1765190000000 implements MigrationInterface {
  name = 'Oap1765190000000';

  async up(q: QueryRunner): Promise<void> {
    const ts = 'TIMESTAMP WITH TIME ZONE';
    await q.query(
      `CREATE TABLE "oap_frameworks" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "la_code" character(3) NOT NULL, "name" character varying(200) NOT NULL, "version" smallint NOT NULL, "effective_from" date NOT NULL, "source_citation" character varying(500) NOT NULL, "scale" character varying(40) array NOT NULL, "owner_trust_id" uuid, "imported_by" uuid, "created_at" ${ts} NOT NULL DEFAULT now(), CONSTRAINT "pk_oap_frameworks" PRIMARY KEY ("id"))`,
    );
    await q.query(`CREATE UNIQUE INDEX "uq_oap_frameworks_la_version" ON "oap_frameworks" ("la_code", "version") `);
    await q.query(
      `ALTER TABLE "oap_frameworks" ADD CONSTRAINT "fk_oap_frameworks_trust" FOREIGN KEY ("owner_trust_id") REFERENCES "trusts"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await q.query(
      `CREATE TABLE "oap_expectations" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "framework_id" uuid NOT NULL, "position" smallint NOT NULL, "code" character varying(32) NOT NULL, "area_of_need" character varying(40) NOT NULL, "level" character varying(40), "text" text NOT NULL, "evidence_kind" character varying(12) NOT NULL, "intervention_kind" character varying(100), "frequency_count" smallint, "frequency_period" character varying(12), CONSTRAINT "ck_oap_expectations_evidence" CHECK ("evidence_kind" IN ('intervention', 'adjustment')), CONSTRAINT "pk_oap_expectations" PRIMARY KEY ("id"))`,
    );
    await q.query(`CREATE UNIQUE INDEX "uq_oap_expectations_code" ON "oap_expectations" ("framework_id", "code") `);
    await q.query(
      `ALTER TABLE "oap_expectations" ADD CONSTRAINT "fk_oap_expectations_framework" FOREIGN KEY ("framework_id") REFERENCES "oap_frameworks"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await q.query(
      `CREATE TABLE "oap_adjustments" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "school_id" uuid NOT NULL, "pupil_id" uuid NOT NULL, "expectation_code" character varying(32), "description" text NOT NULL, "started_on" date NOT NULL, "recorded_by" uuid, "created_at" ${ts} NOT NULL DEFAULT now(), CONSTRAINT "pk_oap_adjustments" PRIMARY KEY ("id"))`,
    );
    await q.query(`CREATE INDEX "idx_oap_adjustments_school_pupil" ON "oap_adjustments" ("school_id", "pupil_id") `);
    await q.query(
      `CREATE TABLE "oap_not_applicable" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "school_id" uuid NOT NULL, "pupil_id" uuid NOT NULL, "expectation_code" character varying(32) NOT NULL, "reason" text NOT NULL, "recorded_by" uuid, "recorded_at" ${ts} NOT NULL DEFAULT now(), CONSTRAINT "pk_oap_not_applicable" PRIMARY KEY ("id"))`,
    );
    await q.query(`CREATE UNIQUE INDEX "uq_oap_not_applicable" ON "oap_not_applicable" ("school_id", "pupil_id", "expectation_code") `);

    const admin = `(select app.is_platform_admin())`;
    const sameLa = `la_code in (select s.la_code from schools s where s.id = any ((select app.current_school_ids())::uuid[]))`;
    const ownerInScope = `owner_trust_id in (select s.trust_id from schools s where s.id = any ((select app.current_school_ids())::uuid[]))`;
    const ownerLead = `owner_trust_id in (select tm.trust_id from trust_memberships tm where tm.user_id = (select app.current_user_id()))`;
    const owns = `(${ownerInScope} and ${ownerLead})`;
    await q.query(`alter table oap_frameworks enable row level security`);
    await q.query(`alter table oap_frameworks force row level security`);
    await q.query(`create policy same_la_read on oap_frameworks for select using (${sameLa})`);
    await q.query(`create policy owner_trust_write on oap_frameworks using (${owns}) with check (${owns})`);
    await q.query(`create policy platform_admin on oap_frameworks using (${admin}) with check (${admin})`);

    // Expectations follow their framework: readable where it is, writable where it may be written.
    const readable = `exists (select 1 from oap_frameworks f where f.id = oap_expectations.framework_id)`;
    const fOwns = owns.replaceAll('owner_trust_id', 'f.owner_trust_id');
    const writable = `exists (select 1 from oap_frameworks f where f.id = oap_expectations.framework_id and (${admin} or ${fOwns}))`;
    await q.query(`alter table oap_expectations enable row level security`);
    await q.query(`alter table oap_expectations force row level security`);
    await q.query(`create policy framework_read on oap_expectations for select using (${readable})`);
    await q.query(`create policy framework_write on oap_expectations using (${writable}) with check (${writable})`);
    await q.query(`grant select, insert on oap_frameworks, oap_expectations to sen_app`);

    const inSchool = `school_id = any ((select app.current_school_ids())::uuid[])`;
    for (const table of ['oap_adjustments', 'oap_not_applicable']) {
      await q.query(`alter table ${table} enable row level security`);
      await q.query(`alter table ${table} force row level security`);
      const pupilVisible = `exists (select 1 from pupils p where p.id = ${table}.pupil_id)`;
      await q.query(`create policy tenant_isolation on ${table}
          using (${inSchool} and ((select app.sees_all_pupils()) or ${pupilVisible}))
          with check (${inSchool} and ${pupilVisible})`);
    }
    await q.query(`grant select, insert, delete on oap_adjustments to sen_app`);
    await q.query(`grant select, insert, delete, update (reason, recorded_by, recorded_at) on oap_not_applicable to sen_app`);
    await q.query(amend(ANCHOR, ERASE));
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(amend(ERASE, ANCHOR));
    for (const table of ['oap_not_applicable', 'oap_adjustments', 'oap_expectations', 'oap_frameworks'])
      await q.query(`drop table if exists "${table}" cascade`);
  }
}
