import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The pupils a teacher or teaching assistant sees through the groups they run, and a parent through their
 * contacts, found with joins that name the school. The keys lead with school_id since 1765270000000-citus-keys;
 * joined on group_id alone, the groups' enrolments were found by reading the whole GiST exclusion index: 190 ms
 * and 16,000 buffers at England's scale, in every statement a teacher's request makes on pupils (the policy
 * runs this once per statement). Named, 1 ms. Same rows: every table here is held to the scope's schools by
 * its own policy already.
 */
export class KeyedVisibility1765310000000 implements MigrationInterface {
  name = 'KeyedVisibility1765310000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`create or replace function app.group_pupil_ids() returns uuid[] language plpgsql stable as $$
      begin
        return coalesce((select array_agg(distinct ge.pupil_id) from group_staff gs
                           join group_enrolments ge on ge.school_id = gs.school_id and ge.group_id = gs.group_id
                           join intervention_groups g on g.school_id = ge.school_id and g.id = ge.group_id
                          where gs.school_id = any (app.current_school_ids()) and gs.user_id = app.current_user_id()
                            and ge.starts_on <= current_date + 30 and least(coalesce(ge.ends_on, g.ends_on), g.ends_on) >= current_date - 30), '{}');
      end $$`);
    await q.query(`create or replace function app.linked_pupil_ids() returns uuid[] language plpgsql stable as $$
      begin
        return coalesce((select array_agg(distinct pc.pupil_id) from contacts c
                           join pupil_contacts pc on pc.school_id = c.school_id and pc.contact_id = c.id
                          where c.school_id = any (app.current_school_ids()) and c.user_id = app.current_user_id()), '{}');
      end $$`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`create or replace function app.group_pupil_ids() returns uuid[] language plpgsql stable as $$
      begin
        return coalesce((select array_agg(distinct ge.pupil_id) from group_enrolments ge
                           join group_staff gs on gs.group_id = ge.group_id
                           join intervention_groups g on g.id = ge.group_id
                          where gs.user_id = app.current_user_id()
                            and ge.starts_on <= current_date + 30 and least(coalesce(ge.ends_on, g.ends_on), g.ends_on) >= current_date - 30), '{}');
      end $$`);
    await q.query(`create or replace function app.linked_pupil_ids() returns uuid[] language plpgsql stable as $$
      begin
        return coalesce((select array_agg(distinct pc.pupil_id) from pupil_contacts pc join contacts c on c.id = pc.contact_id
                          where c.user_id = app.current_user_id()), '{}');
      end $$`);
  }
}
