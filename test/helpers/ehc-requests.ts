import { TenantTransactions } from '#libs/database';
import { EhcRequestClockScan } from '#libs/ehc-requests';
import { OutboxService } from '#libs/outbox';
import type { TestApi } from './api.js';
import { addDays } from '#libs/core';
import { bearer, daysAgo } from './register.js';

/** Runs the worker's daily EHC clock scan in-process for one school on `asOf` (the test's clock). */
export function scanEhcClocks(api: TestApi, schoolId: string, asOf: string): Promise<{ reminders: number }> {
  const tx = new TenantTransactions(api.dataSource);
  return new EhcRequestClockScan(tx, new OutboxService(tx)).scanSchool(schoolId, asOf);
}

/**
 * Rows in every EHC request table for a pupil, through the API as the SENCO: a parent's request received 20
 * days ago with an exception recorded, and the clock scan run on day 40, a few days before the 6-week decision.
 */
export async function populateEhcRequest(api: TestApi, token: string, schoolId: string, pupilId: string): Promise<{ requestId: string }> {
  const receivedOn = daysAgo(20);
  const made = await api
    .http()
    .post(`/v1/schools/${schoolId}/ehc-requests`)
    .set(bearer(token))
    .send({ pupilId, requestedBy: 'parent', receivedOn, authorityReference: 'LA-PROBE-1' });
  if (made.status !== 201) throw new Error(`recording an EHC request failed: ${JSON.stringify(made.body)}`);
  const exception = await api
    .http()
    .post(`/v1/schools/${schoolId}/ehc-requests/${made.body.id}/exceptions`)
    .set(bearer(token))
    .send({ clock: 'final_plan', kind: 'away_from_area', startsOn: daysAgo(2), note: 'Family abroad for five weeks' });
  if (exception.status !== 200) throw new Error(`recording an exception failed: ${JSON.stringify(exception.body)}`);
  const scan = await scanEhcClocks(api, schoolId, addDays(receivedOn, 40));
  if (scan.reminders < 1) throw new Error('the EHC clock scan raised no reminder');
  return { requestId: made.body.id as string };
}
