import { Inject, Injectable } from '@nestjs/common';
import { AuditService } from '#libs/audit';
import { APP_CONFIG, Clock, conflict, notFound, requestContext, unauthorized, type AppConfig } from '#libs/core';
import { schoolScope, TenantTransactions } from '#libs/database';
import { OutboxService } from '#libs/outbox';
import { Trust } from '#libs/tenancy';
import { recordAccountEmail } from './account-emails/account-email.js';
import { userSchools } from './account-emails/user-schools.js';
import { accountForInvitation, type AcceptInvitation } from './invitee.js';
import { newOpaqueToken, normaliseEmail, sha256 } from './secrets.js';
import { TrustInvitation } from './trust-invitation.entity.js';
import { TrustMembership } from './trust-membership.entity.js';

export interface TrustLead {
  userId: string;
  displayName: string;
  email: string;
  since: Date;
}

export type TrustInvitationState = 'pending' | 'accepted' | 'revoked' | 'expired';

/**
 * The platform admin appoints a trust's leads by invitation (docs/security.md, "Platform administration"): the
 * link is emailed through the outbox, filed under no school, and works once; only its hash is kept. Each admin
 * action goes in the admins' own trail; an acceptance goes in the trail of each school of the trust, whose
 * records the new lead can now read.
 */
@Injectable()
export class TrustInvitationService {
  constructor(
    private readonly tx: TenantTransactions,
    private readonly audit: AuditService,
    private readonly outbox: OutboxService,
    private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** In the platform admin's transaction. A second invitation to the same address replaces a pending one. */
  async create(trustId: string, email: string): Promise<TrustInvitation> {
    const m = this.tx.manager();
    if (!(await m.existsBy(Trust, { id: trustId }))) throw notFound('Trust');
    const address = normaliseEmail(email);
    const [lead] = await m.query<{ n: number }[]>(
      `select count(*)::int as n from trust_memberships tm join users u on u.id = tm.user_id where tm.trust_id = $1 and u.email = $2`,
      [trustId, address],
    );
    if ((lead?.n ?? 0) > 0) throw conflict('This person already leads the trust', [{ field: 'email', message: 'already leads this trust' }]);
    const now = this.clock.now();
    await m.query(
      `update trust_invitations set revoked_at = $3 where trust_id = $1 and email = $2 and accepted_at is null and revoked_at is null and expires_at > $3`,
      [trustId, address, now],
    );
    const token = newOpaqueToken();
    const invitation = await m.save(
      m.create(TrustInvitation, {
        trustId,
        email: address,
        tokenHash: sha256(token),
        invitedBy: requestContext.get()?.userId ?? null,
        expiresAt: new Date(now.getTime() + this.config.invitationTtlDays * 86_400_000),
      }),
    );
    await this.audit.recordPlatform({ action: 'admin.trust_lead_invited', entityType: 'trust_invitation', entityId: invitation.id, details: { trustId } });
    await recordAccountEmail(this.outbox, this.config.dataEncryptionKey, null, {
      kind: 'invitation',
      subjectType: 'trust_invitation',
      subjectId: invitation.id,
      token,
    });
    return invitation;
  }

  /** The trust's leads and its invitations (newest first), for the platform admin. */
  async list(trustId: string): Promise<{ leads: TrustLead[]; invitations: (TrustInvitation & { state: TrustInvitationState })[] }> {
    const m = this.tx.manager();
    if (!(await m.existsBy(Trust, { id: trustId }))) throw notFound('Trust');
    const leads = await m.query<{ user_id: string; display_name: string; email: string; since: Date }[]>(
      `select u.id as user_id, u.display_name, u.email, tm.created_at as since from trust_memberships tm join users u on u.id = tm.user_id
        where tm.trust_id = $1 order by u.display_name, u.id`,
      [trustId],
    );
    const now = this.clock.now();
    const invitations = await m.find(TrustInvitation, { where: { trustId }, order: { createdAt: 'DESC' }, take: 100 });
    return {
      leads: leads.map((l) => ({ userId: l.user_id, displayName: l.display_name, email: l.email, since: l.since })),
      invitations: invitations.map((i) => Object.assign(i, { state: stateOf(i, now) })),
    };
  }

  async revoke(trustId: string, invitationId: string): Promise<void> {
    const m = this.tx.manager();
    const invitation = await m.findOneBy(TrustInvitation, { id: invitationId, trustId });
    if (!invitation) throw notFound('Invitation');
    if (stateOf(invitation, this.clock.now()) !== 'pending') throw conflict('Only a pending invitation can be revoked');
    await m.update(TrustInvitation, { id: invitation.id }, { revokedAt: this.clock.now() });
    await this.audit.recordPlatform({
      action: 'admin.trust_lead_invitation_revoked',
      entityType: 'trust_invitation',
      entityId: invitation.id,
      details: { trustId },
    });
  }

  /** Ends a lead's role: their next request no longer reaches the trust's schools (app.principal reads it each time). */
  async removeLead(trustId: string, userId: string): Promise<void> {
    const m = this.tx.manager();
    const result = await m.delete(TrustMembership, { trustId, userId });
    if (!result.affected) throw notFound('Trust lead');
    await this.audit.recordPlatform({ action: 'admin.trust_lead_removed', entityType: 'user', entityId: userId, details: { trustId } });
  }

  /**
   * The invitee holds only the token: the transaction may read and spend just the invitation matching its hash
   * and add the one membership it grants (RLS, migration 1765177000000). Returns the account's id.
   */
  async accept(input: AcceptInvitation): Promise<string> {
    const tokenHash = sha256(input.token);
    return this.tx.run({ schoolIds: [] }, async (m) => {
      await m.query(`select set_config('app.invitation_token_hash', $1, true)`, [tokenHash]);
      const invitation = await m
        .createQueryBuilder(TrustInvitation, 'i')
        .setLock('pessimistic_write')
        .where('i.token_hash = :tokenHash', { tokenHash })
        .getOne();
      if (!invitation) throw unauthorized('Invitation is not valid');
      const now = this.clock.now();
      if (invitation.acceptedAt || invitation.revokedAt) throw unauthorized('Invitation has already been used');
      if (invitation.expiresAt <= now) throw unauthorized('Invitation has expired; ask for a new one');
      const trust = await m.findOneBy(Trust, { id: invitation.trustId });
      const user = await accountForInvitation(m, invitation.email, input, trust?.name, now);
      // app.user_id for trust_memberships' own-rows policy (the insert reads its row back).
      await m.query(`select set_config('app.user_id', $1, true)`, [user.id]);
      if (await m.existsBy(TrustMembership, { trustId: invitation.trustId, userId: user.id })) throw conflict('You already lead this trust');
      await m.save(m.create(TrustMembership, { trustId: invitation.trustId, userId: user.id, role: 'trust_lead' }));
      await m.update(TrustInvitation, { id: invitation.id }, { acceptedAt: now, acceptedBy: user.id });
      requestContext.assign({ userId: user.id });
      // Each school of the trust is told, in its own trail, that a new lead can read its records.
      await userSchools(m, user.id);
      const schools = await m.query<{ id: string }[]>(`select id from schools where trust_id = $1 order by id`, [invitation.trustId]);
      for (const school of schools) {
        await this.audit.record(schoolScope(school.id), {
          action: 'trust_lead.appointed',
          entityType: 'user',
          entityId: user.id,
          details: { trustId: invitation.trustId },
        });
      }
      return user.id;
    });
  }
}

function stateOf(i: TrustInvitation, now: Date): TrustInvitationState {
  if (i.acceptedAt) return 'accepted';
  if (i.revokedAt) return 'revoked';
  return i.expiresAt <= now ? 'expired' : 'pending';
}
