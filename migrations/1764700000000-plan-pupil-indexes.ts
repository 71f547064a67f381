import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A pupil's plan is read by pupil (PlanStore.load: every table `where school_id = $1 and pupil_id = any($2)`).
 * Four plan tables had no index on it, so each read scans all of the school's targets, provision, outcomes
 * or views and filters them: 168 rows read for 1 in the benchmark's plan read. Note (docs/performance.md):
 * under row-level security the planner still prefers the (school_id, version_id) index for now.
 */
export class PlanPupilIndexes1764700000000 implements MigrationInterface {
  name = 'PlanPupilIndexes1764700000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE INDEX "idx_plan_targets_school_pupil" ON "plan_targets" ("school_id", "pupil_id") `);
    await q.query(`CREATE INDEX "idx_plan_provisions_school_pupil" ON "plan_provisions" ("school_id", "pupil_id") `);
    await q.query(`CREATE INDEX "idx_review_outcomes_school_pupil" ON "review_outcomes" ("school_id", "pupil_id") `);
    await q.query(`CREATE INDEX "idx_plan_contributions_school_pupil" ON "plan_contributions" ("school_id", "pupil_id") `);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const name of [
      'idx_plan_targets_school_pupil',
      'idx_plan_provisions_school_pupil',
      'idx_review_outcomes_school_pupil',
      'idx_plan_contributions_school_pupil',
    ]) {
      await q.query(`DROP INDEX IF EXISTS "${name}"`);
    }
  }
}
