import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Platform mail in tables of its own (docs/scaling.md, section 1; issue 25). An account email to someone in
 * no school (a platform admin's password reset, a trust lead's invitation) was an outbox event and a delivery
 * with a null school_id (1765176000000-platform-mail), so outbox_events and deliveries could not key on
 * school_id as every other tenant table now does (1765270000000-citus-keys). Such rows move to
 * platform_outbox_events and platform_deliveries, which have no school_id: the worker's relay scope reads and
 * writes them, and the API may insert an event, as before. Then outbox_events and deliveries take school_id
 * NOT NULL, the primary key (school_id, id), and the fan-out's exactly-once key with school_id in front.
 */

const EVENT_COLUMNS = ['id', 'type', 'subject_type', 'subject_id', 'payload', 'correlation_id', 'occurred_at', 'relayed_at', 'processed_at', 'completed_at'];
const DELIVERY_COLUMNS = [
  'id',
  'event_id',
  'pupil_id',
  'kind',
  'statutory',
  'recipient_type',
  'recipient_id',
  'parental_responsibility',
  'channel',
  'address',
  'inbox_user_id',
  'status',
  'attempts',
  'last_error',
  'lease_until',
  'possible_duplicate',
  'message_id',
  'subject',
  'body_text',
  'body_html',
  'created_at',
  'updated_at',
  'sent_at',
  'secret_sealed',
];
const list = (columns: string[]) => columns.map((c) => `"${c}"`).join(', ');

/** The foreign keys to the two tables' keys, dropped while the keys change: [table, name, columns, referenced table]. */
const FOREIGN_KEYS: [string, string, string, string][] = [
  ['deliveries', 'FK_b22b9dcf8e4274ca8122a039dff', 'event_id', 'outbox_events'],
  ['inbox_messages', 'FK_fdce96f106d95d75abb3135fc80', 'delivery_id', 'deliveries'],
];

export class PlatformMailTables1765280000000 implements MigrationInterface {
  name = 'PlatformMailTables1765280000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `CREATE TABLE "platform_outbox_events" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "type" character varying(64) NOT NULL, "subject_type" character varying(32) NOT NULL, "subject_id" uuid NOT NULL, "payload" jsonb NOT NULL, "correlation_id" character varying(64), "occurred_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "relayed_at" TIMESTAMP WITH TIME ZONE, "processed_at" TIMESTAMP WITH TIME ZONE, "completed_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "ck_platform_outbox_events_account_email" CHECK ("type" = 'account.email'), CONSTRAINT "pk_platform_outbox_events" PRIMARY KEY ("id"))`,
    );
    await q.query(
      `CREATE INDEX "idx_platform_outbox_events_incomplete" ON "platform_outbox_events" ("relayed_at") WHERE "relayed_at" IS NOT NULL AND "completed_at" IS NULL`,
    );
    await q.query(`CREATE INDEX "idx_platform_outbox_events_unrelayed" ON "platform_outbox_events" ("occurred_at") WHERE "relayed_at" IS NULL`);
    await q.query(
      `CREATE TABLE "platform_deliveries" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "event_id" uuid NOT NULL, "pupil_id" uuid, "kind" character varying(40) NOT NULL, "statutory" boolean NOT NULL DEFAULT false, "recipient_type" character varying(10) NOT NULL, "recipient_id" uuid NOT NULL, "parental_responsibility" boolean NOT NULL DEFAULT false, "channel" character varying(10) NOT NULL, "address" character varying(254), "inbox_user_id" uuid, "status" character varying(16) NOT NULL, "attempts" smallint NOT NULL DEFAULT '0', "last_error" character varying(300), "lease_until" TIMESTAMP WITH TIME ZONE, "possible_duplicate" boolean NOT NULL DEFAULT false, "message_id" character varying(200), "subject" character varying(300) NOT NULL, "body_text" text NOT NULL, "body_html" text NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "sent_at" TIMESTAMP WITH TIME ZONE, "secret_sealed" character varying(255), CONSTRAINT "ck_platform_deliveries_email" CHECK ("pupil_id" IS NULL AND "channel" = 'email'), CONSTRAINT "pk_platform_deliveries" PRIMARY KEY ("id"))`,
    );
    await q.query(
      `CREATE UNIQUE INDEX "uq_platform_deliveries_event_recipient_channel" ON "platform_deliveries" ("event_id", "recipient_type", "recipient_id", "channel")`,
    );
    await q.query(
      `ALTER TABLE "platform_deliveries" ADD CONSTRAINT "FK_89e4c241da81c58dfbe8b05484b" FOREIGN KEY ("event_id") REFERENCES "platform_outbox_events"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );

    // The rows filed under no school move. RLS is forced on the old tables for their owner too: the relay scope
    // is the one that sees them.
    await q.query(`select set_config('app.outbox_relay', 'on', true)`);
    await q.query(`insert into platform_outbox_events (${list(EVENT_COLUMNS)}) select ${list(EVENT_COLUMNS)} from outbox_events where school_id is null`);
    await q.query(`insert into platform_deliveries (${list(DELIVERY_COLUMNS)}) select ${list(DELIVERY_COLUMNS)} from deliveries where school_id is null`);
    await q.query(`delete from deliveries where school_id is null`);
    await q.query(`delete from outbox_events where school_id is null`);
    await q.query(`select set_config('app.outbox_relay', 'off', true)`);

    await q.query(`drop policy platform_mail_insert on outbox_events`);
    await q.query(`drop policy platform_mail on deliveries`);
    await q.query(`alter table outbox_events drop constraint ck_outbox_events_platform`);
    await q.query(`alter table deliveries drop constraint ck_deliveries_platform`);
    for (const [table, name] of FOREIGN_KEYS) await q.query(`ALTER TABLE "${table}" DROP CONSTRAINT "${name}"`);
    await q.query(`ALTER TABLE "outbox_events" DROP CONSTRAINT "uq_outbox_events_school_id"`);
    await q.query(`ALTER TABLE "deliveries" DROP CONSTRAINT "uq_deliveries_school_id"`);
    await q.query(`ALTER TABLE "outbox_events" ALTER COLUMN "school_id" SET NOT NULL`);
    await q.query(`ALTER TABLE "deliveries" ALTER COLUMN "school_id" SET NOT NULL`);
    await q.query(`ALTER TABLE "outbox_events" DROP CONSTRAINT "PK_6689a16c00d09b8089f6237f1d2"`);
    await q.query(`ALTER TABLE "outbox_events" ADD CONSTRAINT "pk_outbox_events" PRIMARY KEY ("school_id", "id")`);
    await q.query(`ALTER TABLE "deliveries" DROP CONSTRAINT "PK_a6ef225c5c5f0974e503bfb731f"`);
    await q.query(`ALTER TABLE "deliveries" ADD CONSTRAINT "pk_deliveries" PRIMARY KEY ("school_id", "id")`);
    await q.query(`DROP INDEX "uq_deliveries_event_recipient_channel"`);
    await q.query(
      `CREATE UNIQUE INDEX "uq_deliveries_event_recipient_channel" ON "deliveries" ("school_id", "event_id", "recipient_type", "recipient_id", "channel")`,
    );
    for (const [table, name, column, ref] of FOREIGN_KEYS) {
      await q.query(
        `ALTER TABLE "${table}" ADD CONSTRAINT "${name}" FOREIGN KEY ("school_id", "${column}") REFERENCES "${ref}"("school_id", "id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
      );
    }

    // Only the worker's relay scope reads or writes platform mail; the API may insert an event (an account
    // email it asks for), and read none back.
    for (const table of ['platform_outbox_events', 'platform_deliveries']) {
      await q.query(`alter table ${table} enable row level security`);
      await q.query(`alter table ${table} force row level security`);
      await q.query(`create policy relay on ${table} using ((select app.is_outbox_relay())) with check ((select app.is_outbox_relay()))`);
    }
    await q.query(`create policy account_email_insert on platform_outbox_events for insert with check (type = 'account.email')`);
    await q.query(`grant select, insert, update (relayed_at, processed_at, completed_at) on platform_outbox_events to sen_app`);
    await q.query(`grant select, insert, update on platform_deliveries to sen_app`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const [table, name] of FOREIGN_KEYS) await q.query(`ALTER TABLE "${table}" DROP CONSTRAINT "${name}"`);
    await q.query(`DROP INDEX "uq_deliveries_event_recipient_channel"`);
    await q.query(`CREATE UNIQUE INDEX "uq_deliveries_event_recipient_channel" ON "deliveries" ("event_id", "recipient_type", "recipient_id", "channel")`);
    await q.query(`ALTER TABLE "deliveries" DROP CONSTRAINT "pk_deliveries"`);
    await q.query(`ALTER TABLE "deliveries" ADD CONSTRAINT "PK_a6ef225c5c5f0974e503bfb731f" PRIMARY KEY ("id")`);
    await q.query(`ALTER TABLE "outbox_events" DROP CONSTRAINT "pk_outbox_events"`);
    await q.query(`ALTER TABLE "outbox_events" ADD CONSTRAINT "PK_6689a16c00d09b8089f6237f1d2" PRIMARY KEY ("id")`);
    await q.query(`ALTER TABLE "deliveries" ALTER COLUMN "school_id" DROP NOT NULL`);
    await q.query(`ALTER TABLE "outbox_events" ALTER COLUMN "school_id" DROP NOT NULL`);
    await q.query(`ALTER TABLE "outbox_events" ADD CONSTRAINT "uq_outbox_events_school_id" UNIQUE ("school_id", "id")`);
    await q.query(`ALTER TABLE "deliveries" ADD CONSTRAINT "uq_deliveries_school_id" UNIQUE ("school_id", "id")`);
    for (const [table, name, column, ref] of FOREIGN_KEYS) {
      await q.query(
        `ALTER TABLE "${table}" ADD CONSTRAINT "${name}" FOREIGN KEY ("school_id", "${column}") REFERENCES "${ref}"("school_id", "id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
      );
    }
    await q.query(`alter table outbox_events add constraint ck_outbox_events_platform check ("school_id" IS NOT NULL OR "type" = 'account.email')`);
    await q.query(
      `alter table deliveries add constraint ck_deliveries_platform check ("school_id" IS NOT NULL OR ("pupil_id" IS NULL AND "channel" = 'email'))`,
    );
    await q.query(`create policy platform_mail_insert on outbox_events for insert with check (school_id is null and type = 'account.email')`);
    await q.query(`create policy platform_mail on deliveries
        using (school_id is null and (select app.is_outbox_relay())) with check (school_id is null and (select app.is_outbox_relay()))`);
    await q.query(`select set_config('app.outbox_relay', 'on', true)`);
    await q.query(`insert into outbox_events (school_id, ${list(EVENT_COLUMNS)}) select null, ${list(EVENT_COLUMNS)} from platform_outbox_events`);
    await q.query(`insert into deliveries (school_id, ${list(DELIVERY_COLUMNS)}) select null, ${list(DELIVERY_COLUMNS)} from platform_deliveries`);
    await q.query(`select set_config('app.outbox_relay', 'off', true)`);
    await q.query(`drop table platform_deliveries`);
    await q.query(`drop table platform_outbox_events`);
  }
}
