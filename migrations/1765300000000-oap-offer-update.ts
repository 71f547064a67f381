import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The school's own offer was saved by deleting every row and inserting the list again, so the app role could
 * only select, insert and delete. Saving now writes only the rows that differ (libs/oap/school-offer.service.ts):
 * a row saved unchanged keeps its id and who last changed it, so the app role may update a row in place.
 */
export class OapOfferUpdate1765300000000 implements MigrationInterface {
  name = 'OapOfferUpdate1765300000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`grant update on oap_school_expectations to sen_app`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`revoke update on oap_school_expectations from sen_app`);
  }
}
