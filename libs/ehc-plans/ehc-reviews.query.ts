import { Injectable } from '@nestjs/common';
import { TenantTransactions, type SchoolScope } from '#libs/database';

export interface ReviewListRow {
  id: string;
  pupilId: string;
  firstName: string;
  lastName: string;
  kind: string;
  status: string;
  holdBy: string;
  transferDeadline: string | null;
  meetingOn: string | null;
  invited: boolean;
  adviceCirculatedOn: string | null;
  heldOn: string | null;
  reportSentOn: string | null;
  decision: string | null;
  decisionOn: string | null;
}

/** The SENCO's list of EHC plan reviews still open, soonest due first, a page at a time with the total. */
@Injectable()
export class EhcReviewsQuery {
  constructor(private readonly tx: TenantTransactions) {}

  async page(scope: SchoolScope, offset: number, limit: number): Promise<{ items: ReviewListRow[]; total: number }> {
    const m = this.tx.manager();
    const where = `r.school_id = $1 and r.decision_on is null`;
    const items = await m.query<ReviewListRow[]>(
      `select r.id, r.pupil_id as "pupilId", coalesce(p.preferred_first_name, p.legal_first_name) as "firstName", coalesce(p.preferred_last_name, p.legal_last_name) as "lastName",
              r.kind, r.status, r.hold_by::text as "holdBy", r.transfer_deadline::text as "transferDeadline", r.meeting_on::text as "meetingOn",
              exists (select 1 from ehc_review_invitees i where i.school_id = r.school_id and i.review_id = r.id) as invited, r.advice_circulated_on::text as "adviceCirculatedOn",
              r.held_on::text as "heldOn", r.report_sent_on::text as "reportSentOn", r.decision, r.decision_on::text as "decisionOn"
         from ehc_reviews r join pupils p on p.school_id = r.school_id and p.id = r.pupil_id
        where ${where} order by r.hold_by, r.id offset $2 limit $3`,
      [scope.schoolId, offset, limit],
    );
    const [count] = await m.query<{ n: number }[]>(`select count(*)::int as n from ehc_reviews r where ${where}`, [scope.schoolId]);
    return { items, total: count?.n ?? 0 };
  }

  /** A pupil's reviews, newest first (what a parent sees of their own child). */
  async ofPupil(scope: SchoolScope, pupilId: string): Promise<string[]> {
    const rows = await this.tx
      .manager()
      .query<{ id: string }[]>(`select id from ehc_reviews where school_id = $1 and pupil_id = $2 order by hold_by desc, id`, [scope.schoolId, pupilId]);
    return rows.map((r) => r.id);
  }
}
