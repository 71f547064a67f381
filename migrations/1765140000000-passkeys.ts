import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Passkeys (docs/security.md, "Passkeys"): a user's WebAuthn credentials and the challenges handed to browsers
 * belong to users, not schools, so like `users`, `refresh_sessions` and `user_totp_factors` they carry no
 * school_id and no row-level security; the app reaches them only by the signed-in user's id or by a
 * credential id the authenticator presents.
 */
export class Passkeys1765140000000 implements MigrationInterface {
  name = 'Passkeys1765140000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `CREATE TABLE "user_passkeys" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "user_id" uuid NOT NULL, "credential_id" character varying(1400) NOT NULL, "public_key" bytea NOT NULL, "counter" bigint NOT NULL, "transports" character varying(16) array NOT NULL DEFAULT '{}', "name" character varying(100) NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "last_used_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "PK_f78c7964dfa3e33810747ce0797" PRIMARY KEY ("id"))`,
    );
    await q.query(`CREATE INDEX "idx_user_passkeys_user_id" ON "user_passkeys" ("user_id") `);
    await q.query(`CREATE UNIQUE INDEX "uq_user_passkeys_credential_id" ON "user_passkeys" ("credential_id") `);
    await q.query(
      `CREATE TABLE "webauthn_challenges" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "challenge_hash" character(64) NOT NULL, "purpose" character varying(16) NOT NULL, "user_id" uuid, "expires_at" TIMESTAMP WITH TIME ZONE NOT NULL, "used_at" TIMESTAMP WITH TIME ZONE, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_e2946be78aa4435a952618a944d" PRIMARY KEY ("id"))`,
    );
    await q.query(`CREATE UNIQUE INDEX "uq_webauthn_challenges_challenge_hash" ON "webauthn_challenges" ("challenge_hash") `);
    await q.query(`CREATE INDEX "idx_webauthn_challenges_user_id" ON "webauthn_challenges" ("user_id") `);
    await q.query(
      `ALTER TABLE "user_passkeys" ADD CONSTRAINT "FK_506409cf4389eadf21448ba96cc" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await q.query(
      `ALTER TABLE "webauthn_challenges" ADD CONSTRAINT "FK_0dcc679b1d27e0a3927a37798a9" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await q.query(`grant select, insert, update, delete on user_passkeys, webauthn_challenges to sen_app`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`drop table if exists "webauthn_challenges" cascade`);
    await q.query(`drop table if exists "user_passkeys" cascade`);
  }
}
