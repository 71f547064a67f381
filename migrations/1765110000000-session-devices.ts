import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * "Your devices": each refresh token remembers a coarse label of the browser that signed in ("Chrome on
 * Windows"), carried along when the token rotates. Never the IP address or the full user-agent string.
 * When a session was first and last used comes from the created_at of its family's tokens (a refresh
 * writes a new row), so no column is written on every request.
 */
export class SessionDevices1765110000000 implements MigrationInterface {
  name = 'SessionDevices1765110000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "refresh_sessions" ADD "device_label" character varying(64)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "refresh_sessions" DROP COLUMN "device_label"`);
  }
}
