import type { DataSource } from 'typeorm';
import { TenantTransactions } from '#libs/database';
import type { TestApi } from './api.js';
import { addPupil, bearer, daysAgo } from './register.js';

/**
 * A pupil who left long ago and whose record is past the retention rule: made through the API, then aged in
 * the database (no route lets a date of birth be set 40 years back; an old record is what an MIS migration
 * brings). Returns the pupil with a leaving date.
 */
export async function addLeaverPastRetention(
  api: TestApi,
  dataSource: DataSource,
  token: string,
  schoolId: string,
  yearsOld = 40,
): Promise<{ id: string; upn: string }> {
  const pupil = await addPupil(api, token, schoolId, { yearGroup: '6', className: '6A' });
  const left = await api
    .http()
    .patch(`/v1/schools/${schoolId}/pupils/${pupil.id}`)
    .set(bearer(token))
    .send({ leavingDate: daysAgo(400) });
  if (left.status !== 200) throw new Error(`recording the leaving date failed: ${JSON.stringify(left.body)}`);
  await new TenantTransactions(dataSource).run({ schoolIds: [schoolId], pupilAccess: 'all' }, (m) =>
    m.query(`update pupils set date_of_birth = date_of_birth - make_interval(years => $2) where id = $1`, [pupil.id, yearsOld - 11]),
  );
  return pupil;
}

/**
 * Rows in the privacy tables, through the API: a read of the plan (the access log), a subject access export
 * asked for, and a retention item listed by the scan.
 */
export async function populatePrivacy(api: TestApi, token: string, schoolId: string, pupilId: string): Promise<{ exportId: string; itemId: string }> {
  const read = await api.http().get(`/v1/schools/${schoolId}/pupils/${pupilId}/plan`).set(bearer(token));
  if (read.status !== 200) throw new Error(`reading the plan failed: ${JSON.stringify(read.body)}`);
  const requested = await api.http().post(`/v1/schools/${schoolId}/pupils/${pupilId}/subject-access-exports`).set(bearer(token));
  if (requested.status !== 202) throw new Error(`asking for a subject access export failed: ${JSON.stringify(requested.body)}`);
  await addLeaverPastRetention(api, api.dataSource, token, schoolId);
  const scan = await api.http().post(`/v1/schools/${schoolId}/retention/scan`).set(bearer(token));
  if (scan.status !== 200 || scan.body.listed < 1) throw new Error(`the retention scan listed nothing: ${JSON.stringify(scan.body)}`);
  const items = await api.http().get(`/v1/schools/${schoolId}/retention/items?status=listed`).set(bearer(token));
  return { exportId: requested.body.id as string, itemId: items.body.items[0].id as string };
}
