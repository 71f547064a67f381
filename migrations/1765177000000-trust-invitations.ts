import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The platform admin appoints a trust lead by invitation (issue 21), as a head invites staff: a single-use,
 * expiring link emailed through the outbox (filed under no school: 1765176000000-platform-mail), of which only a
 * SHA-256 is stored. Row-level security: the platform admin keeps them; the invitee's transaction, holding the
 * token, may read and spend only the invitation matching its hash (app.invitation_token_hash(), as for a
 * school's invitations) and add the one trust membership it grants; the worker's relay scope reads one to
 * address its email.
 */
export class TrustInvitations1765177000000 implements MigrationInterface {
  name = 'TrustInvitations1765177000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `CREATE TABLE "trust_invitations" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "trust_id" uuid NOT NULL, "email" character varying(254) NOT NULL, "token_hash" character(64) NOT NULL, "invited_by" uuid, "expires_at" TIMESTAMP WITH TIME ZONE NOT NULL, "accepted_at" TIMESTAMP WITH TIME ZONE, "accepted_by" uuid, "revoked_at" TIMESTAMP WITH TIME ZONE, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "pk_trust_invitations" PRIMARY KEY ("id"))`,
    );
    await q.query(`CREATE UNIQUE INDEX "uq_trust_invitations_token_hash" ON "trust_invitations" ("token_hash") `);
    await q.query(`CREATE INDEX "idx_trust_invitations_trust_created" ON "trust_invitations" ("trust_id", "created_at") `);
    await q.query(
      `ALTER TABLE "trust_invitations" ADD CONSTRAINT "fk_trust_invitations_trust" FOREIGN KEY ("trust_id") REFERENCES "trusts"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    const byToken = `token_hash = (select app.invitation_token_hash())`;
    await q.query(`alter table trust_invitations enable row level security`);
    await q.query(`alter table trust_invitations force row level security`);
    await q.query(`create policy platform_admin on trust_invitations using ((select app.is_platform_admin())) with check ((select app.is_platform_admin()))`);
    await q.query(`create policy by_token on trust_invitations for select using (${byToken})`);
    await q.query(`create policy by_token_accept on trust_invitations for update using (${byToken}) with check (${byToken})`);
    await q.query(`create policy outbox_relay on trust_invitations for select using ((select app.is_outbox_relay()))`);
    await q.query(`grant select, insert, update on trust_invitations to sen_app`);
    // Accepting adds the membership the invitation names, to its trust only, while the invitation is live.
    await q.query(`create policy by_invitation on trust_memberships for insert with check (exists (
        select 1 from trust_invitations i where i.${byToken} and i.trust_id = trust_memberships.trust_id
           and i.accepted_at is null and i.revoked_at is null and i.expires_at > now()))`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`drop policy if exists by_invitation on trust_memberships`);
    await q.query(`drop table "trust_invitations"`);
  }
}
