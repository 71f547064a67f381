import type { AreaOfNeed } from '#libs/register';

/** How a school signs its messages: the parts of every template a school can brand. */
export interface Branding {
  schoolName: string;
  logoUrl: string | null;
  /** Free text under the message, e.g. "Mrs A Example, SENCO". */
  signature: string | null;
  senco: { name: string | null; email: string | null; phone: string | null };
  /** The local SEND information, advice and support service. */
  sendiass: { name: string | null; phone: string | null; url: string | null };
  /** Where the parent can read and reply in the product, e.g. https://app.example/… */
  appUrl: string;
}

export interface Greeting {
  /** The recipient's name as the school holds it, e.g. "Ms Parent" or "Jo Smith". */
  recipientName: string;
  /** The pupil's first name (messages name the child to the parent or staff member only). */
  pupilFirstName: string;
  pupilLastName: string;
}

export type MessageInput =
  | {
      kind: 'sen_support_started';
      greeting: Greeting;
      startDate: string;
      /** The broad areas of need of the recorded need types, told in plain words when the plan describes none. */
      areasOfNeed: AreaOfNeed[];
      /** The needs in the words of the pupil's plan, agreed with the parents; empty when there is no plan yet. */
      needsDescribed: string[];
    }
  | { kind: 'sen_support_ended'; greeting: Greeting; endedOn: string; reason: string | null; toMonitoring: boolean }
  | { kind: 'plan_agreed'; greeting: Greeting; version: number; firstVersion: boolean; reviewDate: string | null; targets: string[]; planUrl: string }
  | { kind: 'review_due'; greeting: Greeting; reviewDate: string; daysBefore: number; viewsUrl: string; forStaff: boolean }
  | { kind: 'review_overdue'; greeting: Greeting; reviewDate: string; daysOverdue: number; escalated: boolean; planUrl: string }
  | { kind: 'ehc_request_clock'; greeting: Greeting; clock: string; reminder: string; dueOn: string; requestUrl: string }
  | {
      kind: 'review_summary';
      greeting: Greeting;
      heldOn: string;
      decision: 'continue' | 'end_support' | 'escalate' | 'early_review' | 'reassessment_request';
      outcomes: { target: string; outcome: 'achieved' | 'partly_achieved' | 'not_achieved'; measuredValue: string | null }[];
      whatWorked: string | null;
      whatDidNotWork: string | null;
      nextReviewDate: string | null;
      planUrl: string;
    }
  | EhcReviewMessage
  | AccountMessage;

/** Messages about a person's own account (templates/account.ts); `link` holds ACCOUNT_TOKEN_SLOT, not the token. */
export type AccountMessage =
  | { kind: 'password_reset'; greeting: Greeting; link: string; validMinutes: number }
  | { kind: 'invitation'; greeting: Greeting; link: string; role: string; validDays: number }
  | { kind: 'email_verification'; greeting: Greeting; link: string; validHours: number }
  | { kind: 'email_changed'; greeting: Greeting }
  | { kind: 'password_changed'; greeting: Greeting; how: 'changed' | 'reset'; resetLink: string };

/** EHC plan review messages (templates/ehc-letters.ts). */
export type EhcReviewMessage =
  | { kind: 'ehc_review_invitation'; greeting: Greeting; meetingOn: string; place: string | null; reviewUrl: string }
  | { kind: 'ehc_review_advice'; greeting: Greeting; meetingOn: string | null; advice: { from: string; summary: string }[]; reviewUrl: string }
  | { kind: 'ehc_review_report'; greeting: Greeting; heldOn: string; recommendation: string; proposedChanges: string | null; reviewUrl: string }
  | { kind: 'ehc_review_deadline'; greeting: Greeting; deadline: string; deadlineKind: string; missed: boolean; reviewUrl: string };

export type MessageKind = MessageInput['kind'];

export interface RenderedMessage {
  subject: string;
  text: string;
  html: string;
}
