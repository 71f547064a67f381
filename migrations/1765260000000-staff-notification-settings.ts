import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A member of staff's choice of channels at a school (README.md, Notifications): whether reminders (a
 * review coming up, a review overdue) also come by email. The in-app inbox always has them, and the statutory
 * clocks of EHC work always come by both. No row means the default: email on. School data, RLS on the school;
 * the service reads and writes only the caller's own row.
 */
export class StaffNotificationSettings1765260000000 implements MigrationInterface {
  name = 'StaffNotificationSettings1765260000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `CREATE TABLE "staff_notification_settings" ("school_id" uuid NOT NULL, "user_id" uuid NOT NULL, "email_reminders" boolean NOT NULL DEFAULT true, "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "pk_staff_notification_settings" PRIMARY KEY ("school_id", "user_id"))`,
    );
    await q.query(
      `ALTER TABLE "staff_notification_settings" ADD CONSTRAINT "fk_staff_notification_settings_school" FOREIGN KEY ("school_id") REFERENCES "schools"("id") ON DELETE CASCADE`,
    );
    await q.query(
      `ALTER TABLE "staff_notification_settings" ADD CONSTRAINT "fk_staff_notification_settings_user" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE`,
    );
    const inSchool = `school_id = any ((select app.current_school_ids())::uuid[])`;
    await q.query(`alter table staff_notification_settings enable row level security`);
    await q.query(`alter table staff_notification_settings force row level security`);
    await q.query(`create policy tenant_isolation on staff_notification_settings using (${inSchool}) with check (${inSchool})`);
    await q.query(`grant select, insert, update on staff_notification_settings to sen_app`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`drop table if exists "staff_notification_settings" cascade`);
  }
}
