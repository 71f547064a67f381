import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Account emails to people in no school (issue 21): a platform admin's password reset, a trust lead's
 * invitation. They go the way every email goes (outbox event, fan-out, delivery, one send), filed under no
 * school: school_id is null, which only an account email may be (CHECK), and such rows are outside every
 * school's scope. The API may write one (it holds ids and a sealed token, nothing to read back); only the
 * worker's relay scope (app.is_outbox_relay()) reads them or writes their deliveries.
 */
export class PlatformMail1765176000000 implements MigrationInterface {
  name = 'PlatformMail1765176000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`alter table outbox_events alter column school_id drop not null`);
    await q.query(`alter table outbox_events add constraint ck_outbox_events_platform check ("school_id" IS NOT NULL OR "type" = 'account.email')`);
    await q.query(`create policy platform_mail_insert on outbox_events for insert with check (school_id is null and type = 'account.email')`);
    await q.query(`alter table deliveries alter column school_id drop not null`);
    await q.query(
      `alter table deliveries add constraint ck_deliveries_platform check ("school_id" IS NOT NULL OR ("pupil_id" IS NULL AND "channel" = 'email'))`,
    );
    await q.query(`create policy platform_mail on deliveries
        using (school_id is null and (select app.is_outbox_relay())) with check (school_id is null and (select app.is_outbox_relay()))`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`drop policy if exists platform_mail on deliveries`);
    await q.query(`delete from deliveries where school_id is null`);
    await q.query(`alter table deliveries drop constraint if exists ck_deliveries_platform`);
    await q.query(`alter table deliveries alter column school_id set not null`);
    await q.query(`drop policy if exists platform_mail_insert on outbox_events`);
    await q.query(`delete from outbox_events where school_id is null`);
    await q.query(`alter table outbox_events drop constraint if exists ck_outbox_events_platform`);
    await q.query(`alter table outbox_events alter column school_id set not null`);
  }
}
