import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, Clock, dateInZone, type AppConfig } from '#libs/core';
import { TenantTransactions, type SchoolScope } from '#libs/database';
import { EVENT_TYPES, type AnyOutboxEvent } from '#libs/outbox';
import { areaOfNeed, type AreaOfNeed, type NeedCode } from '#libs/register';
import { TenancyService, type School } from '#libs/tenancy';
import type { DeliveryChannel, RecipientType } from './delivery.entity.js';
import { ehcReviewMessageFor } from './ehc-review-messages.js';
import { planAccountEmail, revealAccountLink } from './account-messages.js';
import type { Delivery } from './delivery.entity.js';
import { audienceOf } from './parent-audience.js';
import type { ReviewDecision } from '#libs/plans';
import { renderMessage, type Branding, type Greeting, type MessageInput } from './templates/index.js';
import { withEmailChoice, type StaffRecipient } from './staff-email-choice.js';

/** A delivery to write: who, how, and the message rendered for them. */
export interface PlannedDelivery {
  pupilId: string | null;
  kind: MessageInput['kind'];
  statutory: boolean;
  recipientType: RecipientType;
  recipientId: string;
  parentalResponsibility: boolean;
  channel: DeliveryChannel;
  address: string | null;
  inboxUserId: string | null;
  subject: string;
  bodyText: string;
  bodyHtml: string;
  /** Set for 'post': the formal notice has no electronic channel for this parent; the school must post it. */
  needsAction: boolean;
  /** An account email's link token, sealed (account-messages.ts). */
  secretSealed?: string | null;
}

type UserRow = StaffRecipient;

interface PupilRow {
  id: string;
  first_name: string;
  last_name: string;
}

/**
 * Who is told what, for each kind of event: the formal SEN Support notice, the end of SEN Support and a review's
 * request to the local authority to every parent in the s.576 sense or the young person (parent-audience.ts;
 * preferences cannot switch them off), plan and review messages to the same people by their chosen channels,
 * review reminders to them and the pupil's staff, overdue reviews to the SENCO and then the head.
 */
@Injectable()
export class NotificationPlanner {
  constructor(
    private readonly tx: TenantTransactions,
    private readonly tenancy: TenancyService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly clock: Clock,
  ) {}

  async plan(scope: SchoolScope | null, event: AnyOutboxEvent): Promise<PlannedDelivery[]> {
    // Filed under no school: an account email to a platform admin or a trust lead, from the product itself.
    if (scope === null) {
      if (event.type !== EVENT_TYPES.accountEmail) return [];
      return planAccountEmail(this.tx.manager(), event, platformBranding(this.config.publicUrl), this.config, this.clock.now());
    }
    const school = await this.tenancy.getSchool(scope);
    const branding = brandingOf(school, this.config.publicUrl);
    const today = dateInZone(this.clock.now(), school.timezone);
    const toParents = (pupil: PupilRow, statutory: boolean, input: (g: Greeting) => MessageInput) =>
      this.toParents(scope, today, pupil, statutory, input, branding);
    const p = event.payload;
    switch (event.type) {
      case EVENT_TYPES.senSupportStarted: {
        const pupil = await this.pupil(scope, event.subjectId);
        const entry = (
          await this.tx
            .manager()
            .query<{ start_date: string; primary_need: NeedCode | null; secondary_need: NeedCode | null }[]>(
              `select start_date::text as start_date, primary_need, secondary_need from sen_status_entries where school_id = $1 and id = $2`,
              [scope.schoolId, p.statusEntryId],
            )
        )[0];
        if (!pupil || !entry) return [];
        const needs = [entry.primary_need, entry.secondary_need].filter((n): n is NeedCode => n !== null);
        const areas = [...new Set(needs.map(areaOfNeed).filter((a): a is AreaOfNeed => a !== null))];
        const needsDescribed = await this.planNeeds(scope, pupil.id);
        return toParents(pupil, true, (greeting) => ({
          kind: 'sen_support_started',
          greeting,
          startDate: entry.start_date,
          areasOfNeed: areas,
          needsDescribed,
        }));
      }
      case EVENT_TYPES.senSupportEnded: {
        const pupil = await this.pupil(scope, event.subjectId);
        const entry = (
          await this.tx
            .manager()
            .query<{ start_date: string; status: string; reason: string }[]>(
              `select start_date::text as start_date, status, reason from sen_status_entries where school_id = $1 and id = $2`,
              [scope.schoolId, p.statusEntryId],
            )
        )[0];
        if (!pupil || !entry) return [];
        return toParents(pupil, true, (greeting) => ({
          kind: 'sen_support_ended',
          greeting,
          endedOn: entry.start_date,
          reason: entry.reason,
          toMonitoring: entry.status === 'monitoring',
        }));
      }
      case EVENT_TYPES.planAgreed: {
        const pupil = await this.pupil(scope, event.subjectId);
        if (!pupil) return [];
        const version = (
          await this.tx
            .manager()
            .query<{ version: number; review_date: string | null }[]>(
              `select version, review_date::text as review_date from plan_versions where school_id = $1 and id = $2`,
              [scope.schoolId, p.versionId],
            )
        )[0];
        if (!version) return [];
        const targets = (
          await this.tx
            .manager()
            .query<{ description: string }[]>(`select description from plan_targets where school_id = $1 and version_id = $2 order by position`, [
              scope.schoolId,
              p.versionId,
            ])
        ).map((t) => t.description);
        const planUrl = this.planUrl(scope, pupil.id);
        return toParents(pupil, false, (greeting) => ({
          kind: 'plan_agreed',
          greeting,
          version: version.version,
          firstVersion: version.version === 1,
          reviewDate: version.review_date,
          targets,
          planUrl,
        }));
      }
      case EVENT_TYPES.planReviewed: {
        const pupil = await this.pupil(scope, event.subjectId);
        if (!pupil) return [];
        const m = this.tx.manager();
        const review = (
          await m.query<{ held_on: string; decision: ReviewDecision; what_worked: string | null; what_did_not_work: string | null; cycle_id: string }[]>(
            `select r.held_on::text as held_on, r.decision, r.what_worked, r.what_did_not_work, r.cycle_id from plan_reviews r where r.school_id = $1 and r.id = $2`,
            [scope.schoolId, p.reviewId],
          )
        )[0];
        if (!review) return [];
        const outcomes = await m.query<{ target: string; outcome: 'achieved' | 'partly_achieved' | 'not_achieved'; measured_value: string | null }[]>(
          `select t.description as target, o.outcome, o.measured_value from review_outcomes o join plan_targets t on t.school_id = o.school_id and t.id = o.target_id where o.school_id = $1 and o.review_id = $2 order by t.position`,
          [scope.schoolId, p.reviewId],
        );
        const next = (
          await m.query<{ review_date: string | null }[]>(
            `select v.review_date::text as review_date from plan_cycles c join plan_versions v on v.cycle_id = c.id
            where c.school_id = $1 and c.previous_cycle_id = $2 order by v.version desc limit 1`,
            [scope.schoolId, review.cycle_id],
          )
        )[0];
        const planUrl = this.planUrl(scope, pupil.id);
        // Ending support or asking the local authority for something is a decision about the child's rights:
        // every parent (or the young person) is told, whatever their preferences.
        return toParents(pupil, review.decision !== 'continue', (greeting) => ({
          kind: 'review_summary',
          greeting,
          heldOn: review.held_on,
          decision: review.decision,
          outcomes: outcomes.map((o) => ({ target: o.target, outcome: o.outcome, measuredValue: o.measured_value })),
          whatWorked: review.what_worked,
          whatDidNotWork: review.what_did_not_work,
          nextReviewDate: next?.review_date ?? null,
          planUrl,
        }));
      }
      case EVENT_TYPES.reviewDue: {
        const pupil = await this.pupil(scope, event.subjectId);
        if (!pupil) return [];
        const planUrl = this.planUrl(scope, pupil.id);
        const make =
          (forStaff: boolean) =>
          (greeting: Greeting): MessageInput => ({
            kind: 'review_due',
            greeting,
            reviewDate: String(p.reviewDate),
            daysBefore: Number(p.daysBefore),
            viewsUrl: `${planUrl}#views`,
            forStaff,
          });
        const staff = await this.users(
          `select distinct u.id, u.display_name, u.email from users u
             where u.id in (select sc.user_id from staff_classes sc join pupils p on p.class_name = sc.class_name and p.school_id = sc.school_id where sc.school_id = $1 and p.id = $2
                            union select gs.user_id from group_staff gs join group_enrolments ge on ge.school_id = gs.school_id and ge.group_id = gs.group_id
                              join intervention_groups g on g.school_id = gs.school_id and g.id = ge.group_id
                             where gs.school_id = $1 and ge.pupil_id = $2 and coalesce(ge.ends_on, g.ends_on) >= $3::date)`,
          [scope.schoolId, pupil.id, String(p.reviewDate)],
        );
        return [
          ...(await toParents(pupil, false, make(false))),
          ...this.toUsers(pupil, await withEmailChoice(this.tx.manager(), scope, staff), make(true), branding),
        ];
      }
      case EVENT_TYPES.reviewOverdue: {
        const pupil = await this.pupil(scope, event.subjectId);
        if (!pupil) return [];
        const roles = p.escalated ? ['senco', 'head'] : ['senco'];
        const people = await withEmailChoice(this.tx.manager(), scope, await this.staffWithRoles(scope, roles));
        return this.toUsers(
          pupil,
          people,
          (greeting) => ({
            kind: 'review_overdue',
            greeting,
            reviewDate: String(p.reviewDate),
            daysOverdue: Number(p.daysOverdue),
            escalated: Boolean(p.escalated),
            planUrl: this.planUrl(scope, pupil.id),
          }),
          branding,
        );
      }
      case EVENT_TYPES.ehcRequestClock: {
        // Statutory clocks are the SENCO's to watch; a missed one goes to the head too.
        const pupil = await this.pupil(scope, event.subjectId);
        if (!pupil) return [];
        const people = await this.staffWithRoles(scope, p.kind === 'missed' ? ['senco', 'head'] : ['senco']);
        return this.toUsers(
          pupil,
          people,
          (greeting) => ({
            kind: 'ehc_request_clock',
            greeting,
            clock: String(p.clock),
            reminder: String(p.kind),
            dueOn: String(p.dueOn),
            requestUrl: `${this.config.publicUrl}/schools/${scope.schoolId}/ehc-requests/${String(p.requestId)}`,
          }),
          branding,
        );
      }
      case EVENT_TYPES.ehcReviewInvitation:
      case EVENT_TYPES.ehcReviewAdvice:
      case EVENT_TYPES.ehcReviewReport:
      case EVENT_TYPES.ehcReviewDeadline: {
        const pupil = await this.pupil(scope, event.subjectId);
        const reviewUrl = `${this.config.publicUrl}/schools/${scope.schoolId}/ehc-reviews/${String(p.reviewId)}`;
        const input = pupil && (await ehcReviewMessageFor(this.tx.manager(), scope.schoolId, event.type, p, reviewUrl));
        if (!pupil || !input) return [];
        // The invitation, advice and report are the parents' (or young person's) by law: every one of them, on every channel.
        if (event.type !== EVENT_TYPES.ehcReviewDeadline) return toParents(pupil, true, input);
        const roles = p.stage === 'missed' ? ['senco', 'head'] : ['senco'];
        const people = await this.staffWithRoles(scope, roles);
        return this.toUsers(pupil, people, input, branding);
      }
      case EVENT_TYPES.accountEmail:
        return planAccountEmail(this.tx.manager(), event, branding, this.config, this.clock.now());
      default:
        return [];
    }
  }

  /** An email as it is sent: an account email's link token unsealed into its slot (the stored body never has it). */
  reveal(d: Pick<Delivery, 'kind' | 'recipientId' | 'secretSealed' | 'bodyText' | 'bodyHtml'>): { text: string; html: string } {
    return revealAccountLink(this.config.dataEncryptionKey, d);
  }

  private planUrl(scope: SchoolScope, pupilId: string): string {
    return `${this.config.publicUrl}/schools/${scope.schoolId}/pupils/${pupilId}/plan`;
  }

  private async pupil(scope: SchoolScope, pupilId: string): Promise<PupilRow | undefined> {
    return (
      await this.tx
        .manager()
        .query<PupilRow[]>(
          `select id, coalesce(preferred_first_name, legal_first_name) as first_name, coalesce(preferred_last_name, legal_last_name) as last_name from pupils where school_id = $1 and id = $2`,
          [scope.schoolId, pupilId],
        )
    )[0];
  }

  /** The school's active staff holding any of the roles: reminders go to the SENCO, escalations to the head too. */
  private async staffWithRoles(scope: SchoolScope, roles: readonly string[]): Promise<UserRow[]> {
    return this.users(
      `select distinct u.id, u.display_name, u.email from users u join memberships m on m.user_id = u.id where m.school_id = $1 and m.role = any($2::text[]) and u.disabled_at is null`,
      [scope.schoolId, roles],
    );
  }

  private async users(sql: string, params: unknown[]): Promise<UserRow[]> {
    return await this.tx.manager().query<UserRow[]>(sql, params);
  }

  /** The needs as the pupil's latest plan agreed with the parents describes them (not a draft), in plan order. */
  private async planNeeds(scope: SchoolScope, pupilId: string): Promise<string[]> {
    const row = (
      await this.tx.manager().query<{ needs: { description?: unknown }[] | null }[]>(
        `select v.needs from plan_versions v join plan_cycles c on c.school_id = v.school_id and c.id = v.cycle_id
        where v.school_id = $1 and c.pupil_id = $2 and v.status <> 'draft'
        order by c.number desc, v.version desc limit 1`,
        [scope.schoolId, pupilId],
      )
    )[0];
    return (row?.needs ?? []).map((n) => (typeof n.description === 'string' ? n.description.trim() : '')).filter((d) => d !== '');
  }

  /**
   * The pupil's parents, or the young person (parent-audience.ts). A statutory letter goes to each on every
   * channel they have (an email, an account), and to the school to post when they have neither; other
   * messages go on the channels they chose.
   */
  private async toParents(
    scope: SchoolScope,
    today: string,
    pupil: PupilRow,
    statutory: boolean,
    input: (g: Greeting) => MessageInput,
    branding: Branding,
  ): Promise<PlannedDelivery[]> {
    const out: PlannedDelivery[] = [];
    for (const a of await audienceOf(this.tx.manager(), scope.schoolId, pupil.id, today)) {
      const messageInput = input({ recipientName: a.name, pupilFirstName: pupil.first_name, pupilLastName: pupil.last_name });
      const message = renderMessage(messageInput, branding);
      const base = {
        pupilId: pupil.id,
        kind: messageInput.kind,
        statutory,
        recipientType: a.recipientType,
        recipientId: a.id,
        parentalResponsibility: true,
        subject: message.subject,
        bodyText: message.text,
        bodyHtml: message.html,
      };
      const email = a.email && (statutory || a.notifyEmail);
      const inApp = a.userId && (statutory || a.notifyInApp);
      if (email) out.push({ ...base, channel: 'email', address: a.email, inboxUserId: null, needsAction: false });
      if (inApp) out.push({ ...base, channel: 'in_app', address: null, inboxUserId: a.userId, needsAction: false });
      if (statutory && !a.email && !a.userId) out.push({ ...base, channel: 'post', address: null, inboxUserId: null, needsAction: true });
    }
    return out;
  }

  private toUsers(pupil: PupilRow, users: UserRow[], input: (g: Greeting) => MessageInput, branding: Branding): PlannedDelivery[] {
    return users.flatMap((u) => {
      const messageInput = input({ recipientName: u.display_name, pupilFirstName: pupil.first_name, pupilLastName: pupil.last_name });
      const message = renderMessage(messageInput, branding);
      const base = {
        pupilId: pupil.id,
        kind: messageInput.kind,
        statutory: false,
        recipientType: 'user' as const,
        recipientId: u.id,
        parentalResponsibility: false,
        subject: message.subject,
        bodyText: message.text,
        bodyHtml: message.html,
        needsAction: false,
      };
      const inApp = { ...base, channel: 'in_app' as const, address: null, inboxUserId: u.id };
      return u.inboxOnly ? [inApp] : [{ ...base, channel: 'email' as const, address: u.email, inboxUserId: null }, inApp];
    });
  }
}

/** The product's own letterhead, for an email that comes from no school: no SENCO, no local SENDIASS. */
export function platformBranding(publicUrl: string): Branding {
  return {
    schoolName: '',
    logoUrl: null,
    signature: null,
    senco: { name: null, email: null, phone: null },
    sendiass: { name: null, phone: null, url: null },
    appUrl: publicUrl,
  };
}

export function brandingOf(school: School, publicUrl: string): Branding {
  return {
    schoolName: school.name,
    logoUrl: school.logoUrl,
    signature: school.emailSignature,
    senco: { name: school.sencoName, email: school.sencoEmail, phone: school.sencoPhone },
    sendiass: { name: school.sendiassName, phone: school.sendiassPhone, url: school.sendiassUrl },
    appUrl: publicUrl,
  };
}
