import { Inject, Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { APP_CONFIG, Clock, conflict, forbidden, requestContext, unauthorized, type AppConfig } from '#libs/core';
import { AuditService } from '#libs/audit';
import { TenantTransactions, schoolScope, type SchoolScope } from '#libs/database';
import { OutboxService } from '#libs/outbox';
import { recordAccountEmail } from './account-emails/account-email.js';
import { AuthService, type SignInResult } from './auth.service.js';
import { Invitation } from './invitation.entity.js';
import { Membership } from './membership.entity.js';
import type { Role, SchoolRole } from '#libs/vocabulary';
import { accountForInvitation, type AcceptInvitation } from './invitee.js';
import { newOpaqueToken, normaliseEmail, sha256 } from './secrets.js';
import { TrustInvitationService } from './trust-invitation.service.js';

export type { AcceptInvitation } from './invitee.js';

/** Who may invite whom. Parents are invited by the SENCO or head; admins set up a school's first staff. */
const MAY_INVITE: Partial<Record<Role, readonly SchoolRole[]>> = {
  admin: ['senco', 'head'],
  head: ['senco', 'teacher', 'head', 'parent'],
  senco: ['senco', 'teacher', 'parent'],
};

export interface CreatedInvitation {
  invitation: Invitation;
  /** Shown once; only its hash is stored. */
  token: string;
}

@Injectable()
export class InvitationService {
  constructor(
    private readonly tx: TenantTransactions,
    private readonly audit: AuditService,
    private readonly auth: AuthService,
    private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly outbox: OutboxService,
    private readonly trustInvitations: TrustInvitationService,
  ) {}

  async create(
    scope: SchoolScope,
    inviterRoles: readonly Role[],
    email: string,
    role: SchoolRole,
    options: { contactId?: string } = {},
  ): Promise<CreatedInvitation> {
    if (!inviterRoles.some((r) => MAY_INVITE[r]?.includes(role))) {
      throw forbidden(`Your role may not invite a ${role}`);
    }
    const m = this.tx.manager();
    if (role !== 'parent') await dropOrphanedStaffClasses(m, scope, normaliseEmail(email), this.clock.now());
    const token = newOpaqueToken();
    const invitation = await m.save(
      m.create(Invitation, {
        schoolId: scope.schoolId,
        email: normaliseEmail(email),
        role,
        contactId: options.contactId ?? null,
        tokenHash: sha256(token),
        invitedBy: requestContext.get()?.userId ?? null,
        expiresAt: new Date(this.clock.now().getTime() + this.config.invitationTtlDays * 86_400_000),
      }),
    );
    await this.audit.record(scope, { action: 'invitation.created', entityType: 'invitation', entityId: invitation.id, details: { role } });
    // Emailed once by the worker (the event commits with the invitation); still handed back to the inviter too.
    await recordAccountEmail(this.outbox, this.config.dataEncryptionKey, scope, {
      kind: 'invitation',
      subjectType: 'invitation',
      subjectId: invitation.id,
      token,
    });
    return { invitation, token };
  }

  async list(scope: SchoolScope): Promise<Invitation[]> {
    return this.tx.manager().find(Invitation, { where: { schoolId: scope.schoolId }, order: { createdAt: 'DESC' }, take: 200 });
  }

  /**
   * The invitee holds only the token. The first transaction may read just the invitation matching its hash
   * (an RLS policy keyed on it) to learn the school; the second acts in that school only, locking the
   * invitation so two accepts of one token cannot both succeed.
   */
  async accept(input: AcceptInvitation): Promise<SignInResult> {
    const tokenHash = sha256(input.token);
    const found = await this.tx.run({ schoolIds: [] }, async (m) => {
      await m.query(`select set_config('app.invitation_token_hash', $1, true)`, [tokenHash]);
      return m.findOneBy(Invitation, { tokenHash });
    });
    // Not a school's: a trust lead's invitation, perhaps (the platform admin's), accepted the same way.
    if (!found) return this.auth.completePrimarySignIn(await this.trustInvitations.accept(input), 'password');
    const scope = schoolScope(found.schoolId);
    const userId = await this.tx.run({ schoolIds: [scope.schoolId] }, async (m) => {
      const invitation = await m
        .createQueryBuilder(Invitation, 'i')
        .setLock('pessimistic_write')
        .where('i.id = :id and i.school_id = :schoolId', { id: found.id, schoolId: scope.schoolId })
        .getOne();
      const now = this.clock.now();
      if (!invitation || invitation.acceptedAt || invitation.revokedAt) throw unauthorized('Invitation has already been used');
      if (invitation.expiresAt <= now) throw unauthorized('Invitation has expired; ask the school for a new one');

      const [school] = await m.query<{ name: string }[]>(`select name from schools where id = $1`, [scope.schoolId]);
      const user = await accountForInvitation(m, invitation.email, input, school?.name, now);
      const member = await m.existsBy(Membership, { schoolId: scope.schoolId, userId: user.id, role: invitation.role });
      // A parent already at the school may be invited again as another contact (e.g. for a second child).
      if (member && !invitation.contactId) throw conflict(`You are already a ${invitation.role} at this school`);
      const membership = member ? null : await m.save(m.create(Membership, { schoolId: scope.schoolId, userId: user.id, role: invitation.role }));
      await m.update(Invitation, { id: invitation.id }, { acceptedAt: now, acceptedBy: user.id });
      requestContext.assign({ userId: user.id, schoolId: scope.schoolId });
      if (invitation.contactId) {
        // The register owns contacts; this one statement links the account so it sees that contact's pupils.
        const [, linked] = await m.query<[unknown, number]>(`update contacts set user_id = $1, updated_at = now() where id = $2 and school_id = $3`, [
          user.id,
          invitation.contactId,
          scope.schoolId,
        ]);
        if (linked !== 1) throw unauthorized('Invitation is no longer valid: the school has removed this contact');
      }
      if (invitation.role !== 'parent') {
        // Classes a staff import gave this email (libs/staff) become the new member's teaching assignments
        // in this transaction, so their pupil list is right at their first sign-in.
        await m.query(
          `insert into staff_classes (school_id, user_id, class_name)
           select school_id, $1, class_name from pending_staff_classes where school_id = $2 and email = $3
           on conflict (school_id, user_id, class_name) do nothing`,
          [user.id, scope.schoolId, invitation.email],
        );
        await m.query(`delete from pending_staff_classes where school_id = $1 and email = $2`, [scope.schoolId, invitation.email]);
      }
      await this.audit.record(scope, { action: 'invitation.accepted', entityType: 'invitation', entityId: invitation.id, details: { role: invitation.role } });
      if (membership)
        await this.audit.record(scope, { action: 'membership.created', entityType: 'membership', entityId: membership.id, details: { role: invitation.role } });
      return user.id;
    });
    // Like a password sign-in: an account with a second factor, or whose role must have one, is asked for it.
    return this.auth.completePrimarySignIn(userId, 'password');
  }
}

/**
 * Classes a staff import parked for an email (pending_staff_classes, libs/staff) belong to its live
 * invitation. When none is live (every one expired, or was revoked, unaccepted), they are a dead
 * invitation's: dropped before a new invitation is issued, so they never reach whoever accepts it.
 */
async function dropOrphanedStaffClasses(m: EntityManager, scope: SchoolScope, email: string, now: Date): Promise<void> {
  await m.query(
    `delete from pending_staff_classes p
      where p.school_id = $1 and p.email = $2
        and not exists (select 1 from invitations i
                         where i.school_id = $1 and i.email = $2 and i.role <> 'parent'
                           and i.accepted_at is null and i.revoked_at is null and i.expires_at > $3)`,
    [scope.schoolId, email, now],
  );
}

/** The same rule as create(), for callers that change an existing member's roles (the staff directory). */
export const mayInvite = (inviterRoles: readonly Role[], role: SchoolRole): boolean => inviterRoles.some((r) => MAY_INVITE[r]?.includes(role));
