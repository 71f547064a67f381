import { TenantTransactions } from '#libs/database';
import { AnnualReviewScan } from '#libs/ehc-plans';
import { OutboxService } from '#libs/outbox';
import type { TestApi } from './api.js';
import { addDays } from '#libs/core';
import { addPupil, bearer, daysAgo, todayInLondon } from './register.js';

/** Two outcomes from sections of a plan, as a local authority might write them. */
export const PLAN_OUTCOMES = [
  { section: 'E1 Communication and interaction', outcome: 'By the end of Key Stage 2, will take part in a small-group discussion, taking turns.' },
  { section: 'E2 Cognition and learning', outcome: 'Will read and understand a short text at their own level independently.' },
];

/**
 * Records an issued EHC plan through the API as a SENCO (the pupil moves to E). The integrator can chain it
 * after a needs-assessment request's "plan issued" outcome. Returns the response body.
 */
export async function issuePlan(
  api: TestApi,
  token: string,
  schoolId: string,
  pupilId: string,
  issuedOn: string,
  extra: Record<string, unknown> = {},
): Promise<{ plan: { id: string; version: number }; created: boolean }> {
  const res = await api
    .http()
    .post(`/v1/schools/${schoolId}/pupils/${pupilId}/ehc-plan`)
    .set(bearer(token))
    .send({ issuedOn, authority: 'Example County Council', outcomes: PLAN_OUTCOMES, primaryNeed: 'SLCN', ...extra });
  if (res.status !== 201) throw new Error(`recording an EHC plan failed with ${res.status}: ${JSON.stringify(res.body)}`);
  return res.body;
}

/** The pupil's EHC plan record as the caller sees it. */
export async function ehcPlanOf(api: TestApi, token: string, schoolId: string, pupilId: string) {
  return api.http().get(`/v1/schools/${schoolId}/pupils/${pupilId}/ehc-plan`).set(bearer(token));
}

/**
 * Gives every EHC plan table a row in one school, through the API as its SENCO and the scan in-process: a
 * pupil's plan (ehc_plans), its review scheduled a month ahead with an invitee (ehc_reviews,
 * ehc_review_invitees), and the reminder the scan raises before the advice is due (ehc_review_reminders).
 */
export async function populateEhc(api: TestApi, token: string, schoolId: string): Promise<{ pupilId: string; reviewId: string; inviteeId: string }> {
  const pupil = await addPupil(api, token, schoolId, { legalFirstName: 'Ehc' });
  const today = todayInLondon();
  await issuePlan(api, token, schoolId, pupil.id, daysAgo(20));
  const reviewId = (await ehcPlanOf(api, token, schoolId, pupil.id)).body.reviews[0].id as string;
  const meetingOn = addDays(today, 30);
  const scheduled = await api.http().patch(`/v1/schools/${schoolId}/ehc-reviews/${reviewId}/schedule`).set(bearer(token)).send({ meetingOn });
  if (scheduled.status !== 200) throw new Error(`scheduling a review failed: ${JSON.stringify(scheduled.body)}`);
  const invited = await api
    .http()
    .post(`/v1/schools/${schoolId}/ehc-reviews/${reviewId}/invitees`)
    .set(bearer(token))
    .send({ invitedOn: today, invitees: [{ role: 'local_authority', name: 'SEN team', adviceRequested: true }] });
  if (invited.status !== 201) throw new Error(`inviting failed: ${JSON.stringify(invited.body)}`);
  const tx = new TenantTransactions(api.dataSource);
  const raised = await new AnnualReviewScan(tx, new OutboxService(tx)).scanSchool(schoolId, addDays(meetingOn, -17));
  if (raised.reminders === 0) throw new Error('the EHC review scan raised no reminder');
  return { pupilId: pupil.id, reviewId, inviteeId: invited.body.invitees[0].id as string };
}
