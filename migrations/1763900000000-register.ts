import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The SEN register: pupils, parents and carers, the SEN status timeline, teaching assignments, MIS imports,
 * and the transactional outbox.
 *
 * Row-level security goes one step further than the school here: `pupils` shows a caller only the pupils
 * their role allows (`app.pupil_access`: all, or the classes they teach, or their linked children), and
 * `sen_status_entries` inherits that through a subquery on `pupils`. Contacts and their links stay
 * school-level in the database (a policy on them that looked back at `pupils` would recurse); the code
 * restricts what a parent sees of them.
 */
export class Register1763900000000 implements MigrationInterface {
  name = 'Register1763900000000';

  async up(q: QueryRunner): Promise<void> {
    // Trusted since PostgreSQL 13: the database owner may create it. The no-overlap rule on SEN status needs it.
    await q.query(`create extension if not exists btree_gist`);
    await q.query(
      `CREATE TABLE "outbox_events" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "school_id" uuid NOT NULL, "type" character varying(64) NOT NULL, "subject_type" character varying(32) NOT NULL, "subject_id" uuid NOT NULL, "payload" jsonb NOT NULL, "correlation_id" character varying(64), "occurred_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "relayed_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "PK_6689a16c00d09b8089f6237f1d2" PRIMARY KEY ("id"))`,
    );
    await q.query(`CREATE INDEX "idx_outbox_events_unrelayed" ON "outbox_events"  ("occurred_at") WHERE "relayed_at" IS NULL`);
    await q.query(`CREATE INDEX "idx_outbox_events_school_occurred" ON "outbox_events"  ("school_id", "occurred_at") `);
    await q.query(
      `CREATE TABLE "pupils" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "school_id" uuid NOT NULL, "upn" character(13) NOT NULL, "legal_first_name" character varying(100) NOT NULL, "legal_last_name" character varying(100) NOT NULL, "preferred_first_name" character varying(100), "preferred_last_name" character varying(100), "date_of_birth" date NOT NULL, "year_group" smallint NOT NULL, "class_name" character varying(32), "gender" character(1), "fsm_eligible" boolean NOT NULL DEFAULT false, "eal" boolean NOT NULL DEFAULT false, "looked_after" boolean NOT NULL DEFAULT false, "admission_date" date, "leaving_date" date, "passport" text, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_0b5fa139c33628485dec67159ca" PRIMARY KEY ("id"))`,
    );
    await q.query(`CREATE INDEX "idx_pupils_school_class" ON "pupils"  ("school_id", "class_name") `);
    await q.query(`CREATE INDEX "idx_pupils_school_name" ON "pupils"  ("school_id", "legal_last_name", "legal_first_name", "id") `);
    await q.query(`CREATE UNIQUE INDEX "uq_pupils_school_upn" ON "pupils"  ("school_id", "upn") `);
    await q.query(
      `CREATE TABLE "sen_status_entries" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "school_id" uuid NOT NULL, "pupil_id" uuid NOT NULL, "status" character varying(10) NOT NULL, "start_date" date NOT NULL, "end_date" date, "primary_need" character varying(4), "secondary_need" character varying(4), "ehc_plan_date" date, "register_since" date, "reason" text NOT NULL, "recorded_by" uuid, "recorded_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "notice_event_id" uuid, "parents_notified_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "ck_sen_status_period" CHECK ("end_date" IS NULL OR "end_date" > "start_date"), CONSTRAINT "ex_sen_status_no_overlap" EXCLUDE USING gist ("pupil_id" WITH =, daterange("start_date", "end_date", '[)') WITH &&), CONSTRAINT "PK_ad583fc1818337e66dceb066b11" PRIMARY KEY ("id"))`,
    );
    await q.query(`CREATE INDEX "idx_sen_status_school_status" ON "sen_status_entries"  ("school_id", "status", "start_date") `);
    await q.query(`CREATE INDEX "idx_sen_status_school_pupil" ON "sen_status_entries"  ("school_id", "pupil_id", "start_date") `);
    await q.query(
      `CREATE TABLE "contacts" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "school_id" uuid NOT NULL, "first_name" character varying(100) NOT NULL, "last_name" character varying(100) NOT NULL, "email" character varying(254), "phone" character varying(40), "preferred_channel" character varying(8) NOT NULL, "user_id" uuid, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_b99cd40cfd66a99f1571f4f72e6" PRIMARY KEY ("id"))`,
    );
    await q.query(`CREATE INDEX "idx_contacts_school_email" ON "contacts"  ("school_id", "email") `);
    await q.query(`CREATE INDEX "idx_contacts_school_user" ON "contacts"  ("school_id", "user_id") `);
    await q.query(
      `CREATE TABLE "pupil_contacts" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "school_id" uuid NOT NULL, "pupil_id" uuid NOT NULL, "contact_id" uuid NOT NULL, "relationship" character varying(16) NOT NULL, "parental_responsibility" boolean NOT NULL, "priority" smallint NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_b54f538e9fe47211433a0a6291e" PRIMARY KEY ("id"))`,
    );
    await q.query(`CREATE INDEX "idx_pupil_contacts_contact" ON "pupil_contacts"  ("school_id", "contact_id") `);
    await q.query(`CREATE UNIQUE INDEX "uq_pupil_contacts_pupil_contact" ON "pupil_contacts"  ("school_id", "pupil_id", "contact_id") `);
    await q.query(
      `CREATE TABLE "staff_classes" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "school_id" uuid NOT NULL, "user_id" uuid NOT NULL, "class_name" character varying(32) NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_dcded9fba10fc1fda9800e1c4f4" PRIMARY KEY ("id"))`,
    );
    await q.query(`CREATE INDEX "idx_staff_classes_class" ON "staff_classes"  ("school_id", "class_name") `);
    await q.query(`CREATE UNIQUE INDEX "uq_staff_classes_user_class" ON "staff_classes"  ("school_id", "user_id", "class_name") `);
    await q.query(
      `CREATE TABLE "import_batches" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "school_id" uuid NOT NULL, "mapping_name" character varying(64) NOT NULL, "file_sha256" character(64) NOT NULL, "row_count" integer NOT NULL, "status" character varying(16) NOT NULL, "summary" jsonb NOT NULL, "created_by" uuid, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "committed_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "PK_6162597a2576c03e04bb2c1a2dd" PRIMARY KEY ("id"))`,
    );
    await q.query(`CREATE INDEX "idx_import_batches_school_created" ON "import_batches"  ("school_id", "created_at") `);
    await q.query(
      `CREATE TABLE "import_mappings" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "school_id" uuid NOT NULL, "name" character varying(64) NOT NULL, "definition" jsonb NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_0fa9ff07029c3b68e95d7968592" PRIMARY KEY ("id"))`,
    );
    await q.query(`CREATE UNIQUE INDEX "uq_import_mappings_school_name" ON "import_mappings"  ("school_id", "name") `);
    await q.query(`ALTER TABLE "invitations" ADD "contact_id" uuid`);
    await q.query(
      `ALTER TABLE "outbox_events" ADD CONSTRAINT "FK_76098932880a8096ea12d8ad335" FOREIGN KEY ("school_id") REFERENCES "schools"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await q.query(
      `ALTER TABLE "pupils" ADD CONSTRAINT "FK_f582a22a4e7f66455115d6d4d87" FOREIGN KEY ("school_id") REFERENCES "schools"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await q.query(
      `ALTER TABLE "sen_status_entries" ADD CONSTRAINT "FK_314c866c5595b316c2ceaf6cfcc" FOREIGN KEY ("school_id") REFERENCES "schools"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await q.query(
      `ALTER TABLE "sen_status_entries" ADD CONSTRAINT "FK_2302d6c553ac2f027506c768efb" FOREIGN KEY ("pupil_id") REFERENCES "pupils"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await q.query(
      `ALTER TABLE "contacts" ADD CONSTRAINT "FK_81435fbda5f6ad8418761f14e33" FOREIGN KEY ("school_id") REFERENCES "schools"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await q.query(
      `ALTER TABLE "contacts" ADD CONSTRAINT "FK_af0a71ac1879b584f255c49c99a" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE SET NULL ON UPDATE NO ACTION`,
    );
    await q.query(
      `ALTER TABLE "pupil_contacts" ADD CONSTRAINT "FK_d9002a63133762f08b7da1baabe" FOREIGN KEY ("school_id") REFERENCES "schools"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await q.query(
      `ALTER TABLE "pupil_contacts" ADD CONSTRAINT "FK_16211573157d3181287b849cec3" FOREIGN KEY ("pupil_id") REFERENCES "pupils"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await q.query(
      `ALTER TABLE "pupil_contacts" ADD CONSTRAINT "FK_6f79da713f427d4671afb3960e4" FOREIGN KEY ("contact_id") REFERENCES "contacts"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await q.query(
      `ALTER TABLE "staff_classes" ADD CONSTRAINT "FK_c82ec332a36b7cbff48d81baf17" FOREIGN KEY ("school_id") REFERENCES "schools"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await q.query(
      `ALTER TABLE "staff_classes" ADD CONSTRAINT "FK_519eb1eaaf4f12bf8c529723048" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await q.query(
      `ALTER TABLE "import_batches" ADD CONSTRAINT "FK_834fc62cb86e9a9b4ec9a03f2e4" FOREIGN KEY ("school_id") REFERENCES "schools"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await q.query(
      `ALTER TABLE "import_mappings" ADD CONSTRAINT "FK_6fad2770c7447fe0654bcc34a98" FOREIGN KEY ("school_id") REFERENCES "schools"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );

    await q.query(`create function app.pupil_access() returns text language sql stable as
        $$ select coalesce(current_setting('app.pupil_access', true), '') $$`);
    await q.query(`create function app.sees_all_pupils() returns boolean language sql stable as
        $$ select app.pupil_access() = 'all' $$`);
    await q.query(`create function app.sees_taught_pupils() returns boolean language sql stable as
        $$ select 'taught' = any (string_to_array(app.pupil_access(), ',')) $$`);
    await q.query(`create function app.sees_linked_pupils() returns boolean language sql stable as
        $$ select 'linked' = any (string_to_array(app.pupil_access(), ',')) $$`);
    await q.query(`grant execute on all functions in schema app to sen_app`);

    const inSchool = `school_id = any ((select app.current_school_ids())::uuid[])`;
    for (const table of ['pupils', 'sen_status_entries', 'contacts', 'pupil_contacts', 'staff_classes', 'import_batches', 'import_mappings', 'outbox_events']) {
      await q.query(`alter table ${table} enable row level security`);
      await q.query(`alter table ${table} force row level security`);
    }
    await q.query(`create policy tenant_isolation on pupils
        using (${inSchool} and (
          (select app.sees_all_pupils())
          or ((select app.sees_taught_pupils()) and exists (
                select 1 from staff_classes sc
                 where sc.school_id = pupils.school_id and sc.class_name = pupils.class_name and sc.user_id = (select app.current_user_id())))
          or ((select app.sees_linked_pupils()) and exists (
                select 1 from pupil_contacts pc join contacts c on c.id = pc.contact_id
                 where pc.pupil_id = pupils.id and c.user_id = (select app.current_user_id())))
        ))
        with check (${inSchool})`);
    await q.query(`create policy tenant_isolation on sen_status_entries
        using (${inSchool} and ((select app.sees_all_pupils()) or exists (select 1 from pupils p where p.id = sen_status_entries.pupil_id)))
        with check (${inSchool} and exists (select 1 from pupils p where p.id = sen_status_entries.pupil_id))`);
    for (const table of ['contacts', 'pupil_contacts', 'staff_classes', 'import_batches', 'import_mappings', 'outbox_events']) {
      await q.query(`create policy tenant_isolation on ${table} using (${inSchool}) with check (${inSchool})`);
    }

    await q.query(`grant select, insert, update on pupils, contacts, import_batches, import_mappings to sen_app`);
    // The status timeline is appended to: the app may close an entry and mark its notice sent, nothing else.
    await q.query(`grant select, insert on sen_status_entries to sen_app`);
    await q.query(`grant update (end_date, parents_notified_at) on sen_status_entries to sen_app`);
    await q.query(`grant select, insert, update, delete on pupil_contacts, staff_classes to sen_app`);
    await q.query(`grant delete on import_mappings to sen_app`);
    await q.query(`grant select, insert, update (relayed_at) on outbox_events to sen_app`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const table of ['outbox_events', 'import_mappings', 'import_batches', 'staff_classes', 'pupil_contacts', 'contacts', 'sen_status_entries', 'pupils']) {
      await q.query(`drop table if exists "${table}" cascade`);
    }
    await q.query(`alter table invitations drop column if exists contact_id`);
    for (const fn of ['sees_linked_pupils', 'sees_taught_pupils', 'sees_all_pupils', 'pupil_access']) await q.query(`drop function if exists app.${fn}()`);
  }
}
