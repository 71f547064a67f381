import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Account emails (docs/security.md, "Passwords and sessions"): single-use tokens for a password reset or an
 * email change belong to users, not schools, so like `refresh_sessions` they carry no school_id and no
 * row-level security; only their SHA-256 is kept. `users.email_verified_at` records that the address was
 * proven (an emailed invitation accepted, a reset or a change confirmed). A delivery may hold its link's token
 * sealed (AES-256-GCM under DATA_ENCRYPTION_KEY), put into the message only as it is sent and cleared after,
 * so the delivery log never holds a usable link.
 */
export class AccountEmails1765145000000 implements MigrationInterface {
  name = 'AccountEmails1765145000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `CREATE TABLE "account_tokens" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "user_id" uuid NOT NULL, "purpose" character varying(24) NOT NULL, "token_hash" character(64) NOT NULL, "new_email" character varying(254), "old_email" character varying(254), "expires_at" TIMESTAMP WITH TIME ZONE NOT NULL, "used_at" TIMESTAMP WITH TIME ZONE, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_5e3640c493cc6206a44b885e6a9" PRIMARY KEY ("id"))`,
    );
    await q.query(`CREATE INDEX "idx_account_tokens_user_id" ON "account_tokens" ("user_id") `);
    await q.query(`CREATE UNIQUE INDEX "uq_account_tokens_token_hash" ON "account_tokens" ("token_hash") `);
    await q.query(
      `ALTER TABLE "account_tokens" ADD CONSTRAINT "FK_1b5fea09efc20c7f63c4a09b3d6" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await q.query(`ALTER TABLE "users" ADD "email_verified_at" TIMESTAMP WITH TIME ZONE`);
    await q.query(`ALTER TABLE "deliveries" ADD "secret_sealed" character varying(255)`);
    await q.query(`grant select, insert, update on account_tokens to sen_app`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "deliveries" DROP COLUMN "secret_sealed"`);
    await q.query(`ALTER TABLE "users" DROP COLUMN "email_verified_at"`);
    await q.query(`drop table "account_tokens"`);
  }
}
