import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A school's own whole-school offer beside its authority's ordinarily available provision (docs/oap.md): its own
 * expectations, in the same form as a framework's, compared with each pupil's support the same way. School data:
 * RLS on the school, written by its SENCO or head (the service decides who).
 */
export class OapSchoolOffer1765250000000 implements MigrationInterface {
  name = 'OapSchoolOffer1765250000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `CREATE TABLE "oap_school_expectations" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "school_id" uuid NOT NULL, "position" smallint NOT NULL, "code" character varying(32) NOT NULL, "area_of_need" character varying(40) NOT NULL, "text" text NOT NULL, "evidence_kind" character varying(12) NOT NULL, "intervention_kind" character varying(100), "frequency_count" smallint, "frequency_period" character varying(12), "updated_by" uuid, "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "ck_oap_school_expectations_evidence" CHECK ("evidence_kind" IN ('intervention', 'adjustment')), CONSTRAINT "pk_oap_school_expectations" PRIMARY KEY ("id"))`,
    );
    await q.query(`CREATE UNIQUE INDEX "uq_oap_school_expectations_code" ON "oap_school_expectations" ("school_id", "code") `);
    const inSchool = `school_id = any ((select app.current_school_ids())::uuid[])`;
    await q.query(`alter table oap_school_expectations enable row level security`);
    await q.query(`alter table oap_school_expectations force row level security`);
    await q.query(`create policy tenant_isolation on oap_school_expectations using (${inSchool}) with check (${inSchool})`);
    await q.query(`grant select, insert, delete on oap_school_expectations to sen_app`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`drop table if exists "oap_school_expectations" cascade`);
  }
}
