import type { TestApi } from './api.js';
import { bearer } from './register.js';

/** Two outcomes from sections of a plan, as a local authority might write them. */
export const PLAN_OUTCOMES = [
  { section: 'E1 Communication and interaction', outcome: 'By the end of Key Stage 2, will take part in a small-group discussion, taking turns.' },
  { section: 'E2 Cognition and learning', outcome: 'Will read and understand a short text at their own level independently.' },
];

/**
 * Records an issued EHC plan through the API as a SENCO (the pupil moves to E). The integrator can chain it
 * after a needs-assessment request's "plan issued" outcome. Returns the response body.
 */
export async function issuePlan(api: TestApi, token: string, schoolId: string, pupilId: string, issuedOn: string, extra: Record<string, unknown> = {}): Promise<{ plan: { id: string; version: number }; created: boolean }> {
  const res = await api.http().post(`/v1/schools/${schoolId}/pupils/${pupilId}/ehc-plan`).set(bearer(token))
    .send({ issuedOn, authority: 'Example County Council', outcomes: PLAN_OUTCOMES, primaryNeed: 'SLCN', ...extra });
  if (res.status !== 201) throw new Error(`recording an EHC plan failed with ${res.status}: ${JSON.stringify(res.body)}`);
  return res.body;
}

/** The pupil's EHC plan record as the caller sees it. */
export async function ehcPlanOf(api: TestApi, token: string, schoolId: string, pupilId: string) {
  return api.http().get(`/v1/schools/${schoolId}/pupils/${pupilId}/ehc-plan`).set(bearer(token));
}
