import type { EntityManager } from 'typeorm';

export interface EhcReviewFigures {
  /** Reviews held in the period, and how many by the date they were due. */
  reviewsHeld: number;
  heldOnTime: number;
  /** Reports sent, and how many within two weeks of the meeting (reg. 20(7)). */
  reportsSent: number;
  reportsWithinTwoWeeks: number;
  /** Reviews with a phase-transfer deadline in the period, and how many were held by it (reg. 18). */
  phaseTransferReviews: number;
  phaseTransferOnTime: number;
}

/** The EHC plan review figures for the SEN Information Report and the head's dashboard, over [from, to]. */
export async function ehcReviewFigures(m: EntityManager, schoolId: string, from: string, to: string): Promise<EhcReviewFigures> {
  const [row] = await m.query<
    { reviews_held: number; held_on_time: number; reports_sent: number; reports_within: number; transfers: number; transfers_on_time: number }[]
  >(
    `select count(*) filter (where held_on between $2 and $3)::int as reviews_held,
            count(*) filter (where held_on between $2 and $3 and held_on <= hold_by)::int as held_on_time,
            count(*) filter (where held_on between $2 and $3 and report_sent_on is not null)::int as reports_sent,
            count(*) filter (where held_on between $2 and $3 and report_sent_on <= held_on + 14)::int as reports_within,
            count(*) filter (where transfer_deadline between $2 and $3)::int as transfers,
            count(*) filter (where transfer_deadline between $2 and $3 and held_on <= transfer_deadline)::int as transfers_on_time
       from ehc_reviews where school_id = $1`,
    [schoolId, from, to],
  );
  return {
    reviewsHeld: row?.reviews_held ?? 0,
    heldOnTime: row?.held_on_time ?? 0,
    reportsSent: row?.reports_sent ?? 0,
    reportsWithinTwoWeeks: row?.reports_within ?? 0,
    phaseTransferReviews: row?.transfers ?? 0,
    phaseTransferOnTime: row?.transfers_on_time ?? 0,
  };
}
