import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A school's time zone is set when it is provisioned and never changes: no route changes it, and now the
 * database refuses to. Each API process keeps the zones it has read (libs/register/school-today.ts), so
 * "today" for a school costs no statement per request (docs/performance.md, *Issue 24: against the floor*).
 */
export class SchoolTimezoneFixed1765290000000 implements MigrationInterface {
  name = 'SchoolTimezoneFixed1765290000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`create function app.guard_school_timezone() returns trigger language plpgsql as $$
      begin
        raise exception 'a school''s time zone is set when it is provisioned and does not change' using errcode = '55000';
      end $$`);
    await q.query(`create trigger guard_school_timezone before update of timezone on schools
        for each row when (old.timezone is distinct from new.timezone) execute function app.guard_school_timezone()`);
    await q.query(`grant execute on function app.guard_school_timezone() to sen_app`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`drop trigger guard_school_timezone on schools`);
    await q.query(`drop function app.guard_school_timezone()`);
  }
}
