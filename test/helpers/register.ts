import { randomInt } from 'node:crypto';
import type { TestApi } from './api.js';
import { populateEhcRequest } from './ehc-requests.js';
import { populateInterventions } from './interventions.js';
import { populateEhc } from './ehc.js';
import { populateNotifications } from './notifications.js';
import { populateTwoFactorPolicy } from './two-factor.js';
import { populatePlan } from './plans.js';
import { populatePrivacy } from './privacy.js';
import { populateStaff, populateStaffImport } from './staff.js';
import { populateSharing } from './sharing.js';
import { cohortYearOf, dateInZone, addDays } from '#libs/core';
import { TenantTransactions } from '#libs/database';
import { upnCheckLetter, yearGroupToNumber, type YearGroup } from '#libs/register';
import { TEST_PASSWORD } from '#libs/testing';
import { populateSso } from './sso.js';
import { populateDocuments } from './documents.js';
import { populateOap } from './oap.js';

/** A valid, random UPN: LA 801, a random establishment, year of issue and serial. */
export function validUpn(): string {
  const body = `801${randomInt(2000, 8000)}${randomInt(10, 26)}${String(randomInt(0, 1000)).padStart(3, '0')}`;
  return `${upnCheckLetter(body)}${body}`;
}

export const todayInLondon = () => dateInZone(new Date(), 'Europe/London');

export function daysAgo(n: number, from = todayInLondon()): string {
  return addDays(from, -n);
}

/** A date of birth in the middle of the cohort for a year group, this academic year. */
export function dobFor(yearGroup: YearGroup, today = todayInLondon()): string {
  const a = cohortYearOf(today);
  return `${a - 5 - yearGroupToNumber(yearGroup)}-12-15`;
}

export const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

export interface NewPupil {
  upn?: string;
  legalFirstName?: string;
  legalLastName?: string;
  yearGroup?: YearGroup;
  className?: string;
  fsmEligible?: boolean;
  eal?: boolean;
  lookedAfter?: boolean;
}

/** Creates a pupil through the API as a SENCO; returns its id and UPN. */
export async function addPupil(api: TestApi, token: string, schoolId: string, p: NewPupil = {}): Promise<{ id: string; upn: string }> {
  const yearGroup = p.yearGroup ?? '4';
  const body = {
    upn: p.upn ?? validUpn(),
    legalFirstName: p.legalFirstName ?? 'Alex',
    legalLastName: p.legalLastName ?? `Pupil${randomInt(1000, 9999)}`,
    dateOfBirth: dobFor(yearGroup),
    yearGroup,
    className: p.className ?? '4B',
    fsmEligible: p.fsmEligible ?? false,
    eal: p.eal ?? false,
    lookedAfter: p.lookedAfter ?? false,
  };
  const res = await api.http().post(`/v1/schools/${schoolId}/pupils`).set(bearer(token)).send(body);
  if (res.status !== 201) throw new Error(`creating a pupil failed with ${res.status}: ${JSON.stringify(res.body)}`);
  return { id: res.body.id, upn: res.body.upn };
}

export async function setStatus(
  api: TestApi,
  token: string,
  schoolId: string,
  pupilId: string,
  change: {
    status: string;
    startDate: string;
    primaryNeed?: string | null;
    secondaryNeed?: string | null;
    ehcPlanDate?: string | null;
    reason?: string;
    parentsAlreadyNotified?: boolean;
  },
) {
  // A back-dated entry to K must say whether parents were told; tests mean "send the notice as usual".
  const notified = change.status === 'K' ? { parentsAlreadyNotified: false } : {};
  return api
    .http()
    .post(`/v1/schools/${schoolId}/pupils/${pupilId}/sen-status`)
    .set(bearer(token))
    .send({ reason: 'Evidence from assessment', ...notified, ...change });
}

/**
 * Links a parent account to a pupil the way a school does: a contact with parental responsibility, invited,
 * and the invitation accepted. Returns the parent's access token.
 */
export async function linkParent(api: TestApi, token: string, schoolId: string, pupilId: string, email: string, name = 'Parent'): Promise<string> {
  const base = `/v1/schools/${schoolId}`;
  const c = await api
    .http()
    .post(`${base}/pupils/${pupilId}/contacts`)
    .set(bearer(token))
    .send({ firstName: name, lastName: 'Parent', email, preferredChannel: 'email', relationship: 'mother', parentalResponsibility: true });
  if (c.status !== 201) throw new Error(`adding a contact failed with ${c.status}: ${JSON.stringify(c.body)}`);
  const invite = await api.http().post(`${base}/contacts/${c.body.contactId}/invitation`).set(bearer(token));
  if (invite.status !== 201) throw new Error(`inviting a contact failed with ${invite.status}`);
  const accepted = await api.http().post('/v1/auth/invitations/accept').send({ token: invite.body.token, displayName: name, password: TEST_PASSWORD });
  if (accepted.status !== 200) throw new Error(`accepting an invitation failed with ${accepted.status}`);
  return (await api.login(email)).accessToken;
}

/**
 * The value of every route parameter the probe and fuzz suites fill in, from what populateRegister made: one
 * list, so a new route's parameter is added once for both.
 */
export function routeParamIds(made: Awaited<ReturnType<typeof populateRegister>>, schoolId: string, teacherId: string): Record<string, string> {
  return {
    schoolId,
    pupilId: made.pupilId,
    contactId: made.contactId,
    importId: made.importId,
    userId: teacherId,
    name: 'our-mis',
    cycleId: made.cycleId,
    versionId: made.versionId,
    interventionId: made.interventionId,
    groupId: made.groupId,
    enrolmentId: made.enrolmentId,
    sessionId: made.sessionId,
    academicYear: made.academicYear,
    deliveryId: made.deliveryId,
    messageId: made.messageId,
    renderId: made.renderId,
    exportId: made.exportId,
    itemId: made.itemId,
    requestId: made.requestId,
    reviewId: made.ehcReviewId,
    inviteeId: made.ehcInviteeId,
    // No session has this id: probing must not sign the prober out.
    deviceSessionId: '00000000-0000-4000-8000-00000000d5e5',
    shareId: made.shareId,
    sharedReportId: made.sharedReportId,
    referralId: made.referralId,
    token: made.shareToken,
    staffImportId: made.staffImportId,
    // No passkey has this id: probing must not remove anyone's passkey.
    passkeyId: '00000000-0000-4000-8000-0000000a55e5',
    documentId: made.documentId,
    // No trust has this id: the trust routes answer a trust the caller does not lead with a 404.
    trustId: '00000000-0000-4000-8000-00000007c057',
    // No trust invitation has this id: probing must not revoke one.
    invitationId: '00000000-0000-4000-8000-0000000171e5',
    staffMappingId: made.staffMappingId,
  };
}

/**
 * Gives every register table a row in the school, through the API as its SENCO: a pupil on SEN Support
 * (status entry and outbox event), a contact and its link, a teaching assignment, a saved mapping and an
 * import dry run, and a support plan with a reviewed cycle (every plan table), and an intervention group with recorded sessions. The isolation tests use it so each new table is probed with real rows.
 */
export async function populateRegister(api: TestApi, token: string, schoolId: string, teacherId: string) {
  const pupil = await addPupil(api, token, schoolId);
  const placed = await setStatus(api, token, schoolId, pupil.id, { status: 'K', startDate: daysAgo(30), primaryNeed: 'SLCN' });
  if (placed.status !== 201) throw new Error(`placing on K failed: ${JSON.stringify(placed.body)}`);
  const contact = await api
    .http()
    .post(`/v1/schools/${schoolId}/pupils/${pupil.id}/contacts`)
    .set(bearer(token))
    .send({
      firstName: 'Pat',
      lastName: 'Carer',
      email: `carer-${randomInt(1e6)}@test.invalid`,
      preferredChannel: 'email',
      relationship: 'mother',
      parentalResponsibility: true,
    });
  if (contact.status !== 201) throw new Error(`adding a contact failed: ${JSON.stringify(contact.body)}`);
  const classes = await api
    .http()
    .put(`/v1/schools/${schoolId}/staff/${teacherId}/classes`)
    .set(bearer(token))
    .send({ classNames: ['4B'] });
  if (classes.status !== 200) throw new Error(`setting classes failed: ${JSON.stringify(classes.body)}`);
  const mapping = await api
    .http()
    .put(`/v1/schools/${schoolId}/import-mappings/our-mis`)
    .set(bearer(token))
    .send({ pupil: { upn: 'Pupil UPN', legalFirstName: 'Forename', legalLastName: 'Surname', dateOfBirth: 'DOB', yearGroup: 'NC Year' } });
  if (mapping.status !== 200) throw new Error(`saving a mapping failed: ${JSON.stringify(mapping.body)}`);
  const csv = `Pupil UPN,Forename,Surname,DOB,NC Year\n${validUpn()},Sam,Import,${dobFor('3')},3\n`;
  const dry = await api.http().post(`/v1/schools/${schoolId}/imports?mapping=our-mis`).set(bearer(token)).set('content-type', 'text/csv').send(csv);
  if (dry.status !== 200) throw new Error(`import dry run failed: ${JSON.stringify(dry.body)}`);
  const plan = await populatePlan(api, token, schoolId, pupil.id);
  const interventions = await populateInterventions(api, token, schoolId, pupil.id);
  const ehcRequest = await populateEhcRequest(api, token, schoolId, pupil.id);
  // A weekday a few days before the review, when the scan sends its reminder.
  let scanDay = addDays(plan.reviewDate, -3);
  while ([0, 6].includes(new Date(`${scanDay}T00:00:00Z`).getUTCDay())) scanDay = addDays(scanDay, -1);
  const notifications = await populateNotifications(api.dataSource, schoolId, scanDay);
  const report = await api
    .http()
    .put(`/v1/schools/${schoolId}/sen-reports/${interventions.academicYear}`)
    .set(bearer(token))
    .send({ texts: { item1: 'We provide for all four broad areas of need.' } });
  if (report.status !== 200) throw new Error(`starting the SEN report failed: ${JSON.stringify(report.body)}`);
  const render = await api.http().post(`/v1/schools/${schoolId}/sen-reports/${interventions.academicYear}/renders`).set(bearer(token)).send({ format: 'md' });
  if (render.status !== 202) throw new Error(`asking for a render failed: ${JSON.stringify(render.body)}`);
  // After the notifications: their fan-out above must not meet the privacy events.
  const privacy = await populatePrivacy(api, token, schoolId, pupil.id);
  const ehcPlan = await populateEhc(api, token, schoolId);
  await populateSso(api, schoolId);
  await populateTwoFactorPolicy(api.dataSource, schoolId);
  await populateStaff(api, token, schoolId);
  const sharing = await populateSharing(api, token, schoolId, pupil.id);
  const staffImport = await populateStaffImport(api, token, schoolId);
  const documents = await populateDocuments(api, token, schoolId, pupil.id);
  await populateOap(api, token, schoolId, pupil.id);
  // A member of staff's own channels: the SENCO turns email reminders off.
  const prefs = await api.http().put(`/v1/schools/${schoolId}/notification-preferences`).set(bearer(token)).send({ email: false });
  if (prefs.status !== 200) throw new Error(`setting staff notification preferences failed: ${JSON.stringify(prefs.body)}`);
  return {
    ...sharing,
    ...staffImport,
    ...documents,
    ehcReviewId: ehcPlan.reviewId,
    ehcInviteeId: ehcPlan.inviteeId,
    ...notifications,
    ...privacy,
    ...ehcRequest,
    renderId: render.body.id as string,
    pupilId: pupil.id,
    contactId: contact.body.contactId as string,
    importId: dry.body.importId as string,
    cycleId: plan.cycleId,
    versionId: plan.versionId,
    ...interventions,
  };
}

/**
 * A large register in two statements: `count` pupils named Pupil Flagged0000, Flagged0001, …, in Years 1–6 by
 * i % 6 (class C1–C6), on SEN Support since 30 days ago, every tenth (i % 10 = 0) with an EHC plan, none with a
 * plan. Through the app role in a tenant transaction, so row-level security checks these rows like any others.
 */
export async function addFlaggedRegister(api: TestApi, schoolId: string, count: number): Promise<void> {
  await new TenantTransactions(api.dataSource).run({ schoolIds: [schoolId], pupilAccess: 'all' }, async (m) => {
    await m.query(
      `insert into pupils (school_id, upn, legal_first_name, legal_last_name, date_of_birth, year_group, class_name)
       select $1, 'Z' || lpad(i::text, 12, '0'), 'Pupil', 'Flagged' || lpad(i::text, 4, '0'), $2::date, (i % 6) + 1, 'C' || ((i % 6) + 1)
         from generate_series(0, $3 - 1) i`,
      [schoolId, dobFor('3'), count],
    );
    await m.query(
      `insert into sen_status_entries (school_id, pupil_id, status, start_date, register_since, primary_need, reason)
       select p.school_id, p.id, case when substr(p.legal_last_name, 8)::int % 10 = 0 then 'E' else 'K' end, $2::date, $2::date, 'SLCN', 'Test register'
         from pupils p where p.school_id = $1`,
      [schoolId, daysAgo(30)],
    );
  });
}
/** The year group and status `addFlaggedRegister` gives pupil i. */
export const flaggedYearOf = (i: number) => String((i % 6) + 1);
export const flaggedStatusOf = (i: number) => (i % 10 === 0 ? 'E' : 'K');
