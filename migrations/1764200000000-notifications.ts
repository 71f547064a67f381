import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Notifications: deliveries (one message, one recipient, one channel, per event — the proof of what was sent),
 * the in-app inbox, the reminders the daily review scan raised, parents' channel choices, the school's
 * branding and contact details for messages, and the outbox relay's access.
 *
 * The relay reads unrelayed outbox events of every school (ids and codes only) under `app.outbox_relay`;
 * everything else it triggers runs in the event's own school. An inbox is its owner's alone: a request sees
 * only the signed-in user's messages (the worker, with no user, writes them).
 */
export class Notifications1764200000000 implements MigrationInterface {
  name = 'Notifications1764200000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `CREATE TABLE "deliveries" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "school_id" uuid NOT NULL, "event_id" uuid NOT NULL, "pupil_id" uuid, "kind" character varying(40) NOT NULL, "statutory" boolean NOT NULL DEFAULT false, "recipient_type" character varying(10) NOT NULL, "recipient_id" uuid NOT NULL, "parental_responsibility" boolean NOT NULL DEFAULT false, "channel" character varying(10) NOT NULL, "address" character varying(254), "inbox_user_id" uuid, "status" character varying(16) NOT NULL, "attempts" smallint NOT NULL DEFAULT '0', "last_error" character varying(300), "lease_until" TIMESTAMP WITH TIME ZONE, "possible_duplicate" boolean NOT NULL DEFAULT false, "message_id" character varying(200), "subject" character varying(300) NOT NULL, "body_text" text NOT NULL, "body_html" text NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "sent_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "PK_a6ef225c5c5f0974e503bfb731f" PRIMARY KEY ("id"))`,
    );
    await q.query(`CREATE INDEX "idx_deliveries_school_status" ON "deliveries"  ("school_id", "status", "updated_at") `);
    await q.query(`CREATE INDEX "idx_deliveries_school_pupil" ON "deliveries"  ("school_id", "pupil_id", "created_at") `);
    await q.query(`CREATE UNIQUE INDEX "uq_deliveries_event_recipient_channel" ON "deliveries"  ("event_id", "recipient_type", "recipient_id", "channel") `);
    await q.query(
      `CREATE TABLE "inbox_messages" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "school_id" uuid NOT NULL, "user_id" uuid NOT NULL, "delivery_id" uuid NOT NULL, "subject" character varying(300) NOT NULL, "body" text NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "read_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "PK_f12cf14472c0a9d19bb57cc8478" PRIMARY KEY ("id"))`,
    );
    await q.query(`CREATE INDEX "idx_inbox_messages_school_user" ON "inbox_messages"  ("school_id", "user_id", "created_at") `);
    await q.query(`CREATE UNIQUE INDEX "uq_inbox_messages_delivery" ON "inbox_messages"  ("delivery_id") `);
    await q.query(
      `CREATE TABLE "review_reminders" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "school_id" uuid NOT NULL, "cycle_id" uuid NOT NULL, "kind" character varying(10) NOT NULL, "review_date" date NOT NULL, "step" smallint NOT NULL, "raised_on" date NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_4af233f0aa6fe27ee243ae23583" PRIMARY KEY ("id"))`,
    );
    await q.query(`CREATE INDEX "idx_review_reminders_school_cycle" ON "review_reminders"  ("school_id", "cycle_id") `);
    await q.query(`CREATE UNIQUE INDEX "uq_review_reminders_key" ON "review_reminders"  ("cycle_id", "kind", "review_date", "step") `);
    await q.query(`ALTER TABLE "schools" ADD "logo_url" character varying(500)`);
    await q.query(`ALTER TABLE "schools" ADD "email_signature" character varying(500)`);
    await q.query(`ALTER TABLE "schools" ADD "senco_name" character varying(200)`);
    await q.query(`ALTER TABLE "schools" ADD "senco_email" character varying(254)`);
    await q.query(`ALTER TABLE "schools" ADD "senco_phone" character varying(40)`);
    await q.query(`ALTER TABLE "schools" ADD "sendiass_name" character varying(200)`);
    await q.query(`ALTER TABLE "schools" ADD "sendiass_phone" character varying(40)`);
    await q.query(`ALTER TABLE "schools" ADD "sendiass_url" character varying(500)`);
    await q.query(`ALTER TABLE "schools" ADD "reminder_lead_days" smallint array`);
    await q.query(`ALTER TABLE "schools" ADD "overdue_repeat_days" smallint NOT NULL DEFAULT '7'`);
    await q.query(`ALTER TABLE "schools" ADD "overdue_head_after_days" smallint NOT NULL DEFAULT '14'`);
    await q.query(`ALTER TABLE "outbox_events" ADD "processed_at" TIMESTAMP WITH TIME ZONE`);
    await q.query(`ALTER TABLE "contacts" ADD "notify_email" boolean NOT NULL DEFAULT true`);
    await q.query(`ALTER TABLE "contacts" ADD "notify_in_app" boolean NOT NULL DEFAULT true`);
    await q.query(`ALTER TABLE "outbox_events" ADD "completed_at" TIMESTAMP WITH TIME ZONE`);
    await q.query(`CREATE INDEX "idx_outbox_events_incomplete" ON "outbox_events"  ("relayed_at") WHERE "relayed_at" IS NOT NULL AND "completed_at" IS NULL`);
    await q.query(
      `ALTER TABLE "deliveries" ADD CONSTRAINT "FK_68ce6234bc6a61445b297a1f6bc" FOREIGN KEY ("school_id") REFERENCES "schools"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await q.query(
      `ALTER TABLE "deliveries" ADD CONSTRAINT "FK_6a9b04f909fedcc6438b48b90c1" FOREIGN KEY ("event_id") REFERENCES "outbox_events"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await q.query(
      `ALTER TABLE "deliveries" ADD CONSTRAINT "FK_9e6b19ebd8e1d19d8d1daa38a9f" FOREIGN KEY ("pupil_id") REFERENCES "pupils"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await q.query(
      `ALTER TABLE "inbox_messages" ADD CONSTRAINT "FK_4f9f4a7229fa44c9b865d02674e" FOREIGN KEY ("school_id") REFERENCES "schools"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await q.query(
      `ALTER TABLE "inbox_messages" ADD CONSTRAINT "FK_72ddd4c81cb0f020b258a184dad" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await q.query(
      `ALTER TABLE "inbox_messages" ADD CONSTRAINT "FK_e3a687f193989c6a96ec51272d7" FOREIGN KEY ("delivery_id") REFERENCES "deliveries"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await q.query(
      `ALTER TABLE "review_reminders" ADD CONSTRAINT "FK_808196fc254409347ec7f8657db" FOREIGN KEY ("school_id") REFERENCES "schools"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await q.query(
      `ALTER TABLE "review_reminders" ADD CONSTRAINT "FK_dc608486eecb83ec1f1fbc7acd6" FOREIGN KEY ("cycle_id") REFERENCES "plan_cycles"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );

    const inSchool = `school_id = any ((select app.current_school_ids())::uuid[])`;
    await q.query(`create function app.is_outbox_relay() returns boolean language sql stable as
        $$ select coalesce(current_setting('app.outbox_relay', true), '') = 'on' $$`);
    await q.query(`drop policy tenant_isolation on outbox_events`);
    await q.query(`create policy tenant_isolation on outbox_events
        using (${inSchool} or (select app.is_outbox_relay())) with check (${inSchool} or (select app.is_outbox_relay()))`);

    for (const table of ['deliveries', 'inbox_messages', 'review_reminders']) {
      await q.query(`alter table ${table} enable row level security`);
      await q.query(`alter table ${table} force row level security`);
    }
    await q.query(`create policy tenant_isolation on deliveries
        using (${inSchool} and ((select app.sees_all_pupils()) or exists (select 1 from pupils p where p.id = deliveries.pupil_id)))
        with check (${inSchool})`);
    await q.query(`create policy tenant_isolation on inbox_messages
        using (${inSchool} and (user_id = (select app.current_user_id()) or (select app.current_user_id()) is null))
        with check (${inSchool})`);
    await q.query(`create policy tenant_isolation on review_reminders
        using (${inSchool} and exists (select 1 from plan_cycles c where c.id = review_reminders.cycle_id))
        with check (${inSchool})`);

    await q.query(`grant execute on all functions in schema app to sen_app`);
    await q.query(`grant update (processed_at, completed_at) on outbox_events to sen_app`);
    await q.query(`grant select, insert, update on deliveries to sen_app`);
    await q.query(`grant select, insert, update (read_at) on inbox_messages to sen_app`);
    await q.query(`grant select, insert on review_reminders to sen_app`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const table of ['inbox_messages', 'review_reminders', 'deliveries']) await q.query(`drop table if exists "${table}" cascade`);
    await q.query(`drop policy if exists tenant_isolation on outbox_events`);
    await q.query(`create policy tenant_isolation on outbox_events
        using (school_id = any ((select app.current_school_ids())::uuid[])) with check (school_id = any ((select app.current_school_ids())::uuid[]))`);
    await q.query(`drop function if exists app.is_outbox_relay()`);
    await q.query(`alter table outbox_events drop column if exists processed_at`);
    await q.query(`alter table outbox_events drop column if exists completed_at`);
    for (const column of ['notify_email', 'notify_in_app']) await q.query(`alter table contacts drop column if exists ${column}`);
    for (const column of [
      'logo_url',
      'email_signature',
      'senco_name',
      'senco_email',
      'senco_phone',
      'sendiass_name',
      'sendiass_phone',
      'sendiass_url',
      'reminder_lead_days',
      'overdue_repeat_days',
      'overdue_head_after_days',
    ]) {
      await q.query(`alter table schools drop column if exists ${column}`);
    }
  }
}
