import { $api, FRESH_EACH_VISIT } from '../../api/query';
import { api, must } from '../../api/client';
import { BarChart } from '../../charts';
import { STATUS, longDate, personName, todayIso, yearLabel } from '../../labels';
import { Link, navigate } from '../../router';
import { PupilEhcRequests } from '../../pages/ehc-requests';
import { AddContact, Contacts, YoungPersonNotices } from '../../pages/pupil-contacts';
import { TransferRecord } from '../../pages/pupil-transfer';
import { Referrals } from '../../pages/referrals';
import { Sharing } from '../../pages/sharing';
import { Documents, documentsViewer } from '../documents/Documents';
import { PlanSummary } from '../plans/PlanSummary';
import { AccessLog } from '../privacy/AccessLog';
import { SubjectAccess } from '../privacy/SubjectAccess';
import { DataTable, ErrorSummary, EvidencePackButton, Loading, Page, Tag, rolesIn, useAction, useMe } from '../../ui';
import { statusTone } from './labels';
import { ChangeStatus, PlaceOnSupport, StatusHistory } from './SenStatus';

type P = { params: Record<string, string> };

/** Who a notification went to: a young person is told themself (CFA 2014 s.68). */
const RECIPIENT: Record<string, string> = { contact: 'Parent or carer', pupil: 'The pupil (young person)', user: 'Staff' };

/** Years in which a pupil reaches, or is past, the end of compulsory school age (docs/domain.md, "Young person"). */
const OWN_NOTICE_YEARS: readonly string[] = ['11', '12', '13'];

/**
 * A pupil's page for the school's staff: SEN status and its history, the plan, provision, parents and carers,
 * documents, who has read the record, sharing, referrals, the transfer record, a subject access copy and the
 * notifications sent.
 */
export function PupilPage({ params }: P) {
  const schoolId = params.schoolId;
  const pupilId = params.pupilId;
  const path = { schoolId, pupilId };
  const { me } = useMe();
  const pupil = $api.useQuery('get', '/v1/schools/{schoolId}/pupils/{pupilId}', { params: { path } }, FRESH_EACH_VISIT);
  const plan = $api.useQuery('get', '/v1/schools/{schoolId}/pupils/{pupilId}/plan', { params: { path } }, FRESH_EACH_VISIT);
  const deliveries = $api.useQuery('get', '/v1/schools/{schoolId}/pupils/{pupilId}/deliveries', { params: { path } }, FRESH_EACH_VISIT);
  const provision = $api.useQuery('get', '/v1/schools/{schoolId}/pupils/{pupilId}/provision-map', { params: { path, query: {} } }, FRESH_EACH_VISIT);
  /** After a change on the page: what it may have changed, asked again. */
  const refresh =
    (...queries: { refetch: () => Promise<unknown> }[]) =>
    () => {
      for (const q of queries) void q.refetch();
    };
  const starting = useAction();
  const startPlan = () =>
    starting.run(async () => {
      const cycle = must(
        await api.POST('/v1/schools/{schoolId}/pupils/{pupilId}/plan-cycles', {
          params: { path },
          body: { startsOn: todayIso(), targets: [], provisions: [], needs: [] },
        }),
      );
      navigate(`/app/s/${schoolId}/pupils/${pupilId}/plan/${cycle.id}`);
    });
  return (
    <Loading state={pupil}>
      {(p) => (
        <Page title={personName(p)} wide>
          <dl className="summary-list">
            <div>
              <dt>Year</dt>
              <dd>
                {yearLabel(p.yearGroup)}
                {p.className ? `, class ${p.className}` : ''}
              </dd>
            </div>
            <div>
              <dt>Date of birth</dt>
              <dd>{longDate(p.dateOfBirth)}</dd>
            </div>
            <div>
              <dt>SEN status</dt>
              <dd>
                <Tag tone={statusTone(p.history?.find((h) => !h.endDate)?.status ?? 'N')}>{STATUS[p.history?.find((h) => !h.endDate)?.status ?? 'N']}</Tag>
                {p.history?.some((h) => !h.endDate && h.status === 'E' && !h.ehcPlanDate) && (
                  // The MIS import records an E pupil whose file had no plan date with the date unknown.
                  <>
                    {' '}
                    <Tag tone="red">EHC plan date unknown: to complete</Tag>
                  </>
                )}
              </dd>
            </div>
          </dl>

          <section aria-labelledby="plan-h">
            <h2 id="plan-h">Support plan</h2>
            <ErrorSummary error={starting.error} />
            <Loading state={plan}>
              {(pl) => <PlanSummary schoolId={schoolId} pupilId={pupilId} plan={pl} onStart={() => void startPlan()} busy={starting.busy} />}
            </Loading>
          </section>

          <p>
            <Link to={`/app/s/${schoolId}/pupils/${pupilId}/details`}>Edit the pupil’s details</Link>
            {' · '}
            <Link to={`/app/s/${schoolId}/pupils/${pupilId}/professional-reports`}>Professional reports</Link>
          </p>
          <p>
            <EvidencePackButton schoolId={schoolId} pupilId={pupilId} label="Download the evidence pack (PDF)" />
          </p>

          <section aria-labelledby="status-h">
            <h2 id="status-h">SEN history</h2>
            <StatusHistory history={p.history ?? []} />
            {['K', 'E'].includes(p.history?.find((h) => !h.endDate)?.status ?? 'N') && (
              <ChangeStatus schoolId={schoolId} pupilId={pupilId} current={p.history!.find((h) => !h.endDate)!} onDone={refresh(pupil, plan)} />
            )}
            {!['K', 'E'].includes(p.history?.find((h) => !h.endDate)?.status ?? 'N') && (
              <PlaceOnSupport schoolId={schoolId} pupilId={pupilId} onDone={refresh(pupil, plan, deliveries)} />
            )}
          </section>

          <section aria-labelledby="ehc-h">
            <h2 id="ehc-h">EHC needs-assessment requests</h2>
            <PupilEhcRequests schoolId={schoolId} pupilId={pupilId} />
          </section>

          <section aria-labelledby="provision-h">
            <h2 id="provision-h">Provision this year</h2>
            <Loading state={provision}>
              {(map) =>
                map.provisions.length === 0 ? (
                  <p>Not in any intervention group this year.</p>
                ) : (
                  <BarChart
                    title="Sessions delivered against planned so far"
                    valueName="Delivered"
                    targetName="Planned"
                    bars={map.provisions.map((x) => ({ label: x.groupName, value: x.delivered, target: x.planned }))}
                  />
                )
              }
            </Loading>
            <p>
              <Link to={`/app/s/${schoolId}/pupils/${pupilId}/oap`}>
                Ordinarily available provision: what the local authority expects, and what is evidenced
              </Link>
            </p>
          </section>

          <section aria-labelledby="contacts-h">
            <h2 id="contacts-h">Parents and carers</h2>
            <Contacts schoolId={schoolId} pupilId={pupilId} contacts={p.contacts ?? []} onChange={refresh(pupil)} />
            <AddContact schoolId={schoolId} pupilId={pupilId} onAdded={refresh(pupil)} />
          </section>

          {/* A young person's own notices matter from Year 11, the year compulsory school age ends (and after it). */}
          {p.notices && (p.notices.youngPerson || OWN_NOTICE_YEARS.includes(p.yearGroup)) && (
            <section aria-labelledby="young-person-h">
              <h2 id="young-person-h">The pupil's own notices</h2>
              <YoungPersonNotices schoolId={schoolId} pupilId={pupilId} name={personName(p)} notices={p.notices} onSaved={refresh(pupil)} />
            </section>
          )}

          <section aria-labelledby="documents-h">
            <h2 id="documents-h">Documents</h2>
            <Documents schoolId={schoolId} pupilId={pupilId} viewer={documentsViewer(rolesIn(me, schoolId))} />
          </section>

          <section aria-labelledby="access-h">
            <h2 id="access-h">Who has read this record</h2>
            <AccessLog schoolId={schoolId} pupilId={pupilId} />
          </section>

          {rolesIn(me, schoolId).some((r) => r === 'senco' || r === 'head') && (
            <>
              <section aria-labelledby="sharing-h">
                <h2 id="sharing-h">Shared with professionals</h2>
                <Sharing schoolId={schoolId} pupilId={pupilId} />
              </section>
              <section aria-labelledby="referrals-h">
                <h2 id="referrals-h">Referrals to outside services</h2>
                <Referrals schoolId={schoolId} pupilId={pupilId} />
              </section>
            </>
          )}

          {p.leavingDate && p.recordSentOn !== undefined && (
            <section aria-labelledby="transfer-h">
              <h2 id="transfer-h">The SEN record for the next school</h2>
              <TransferRecord schoolId={schoolId} pupilId={pupilId} recordSentOn={p.recordSentOn} onSaved={refresh(pupil)} />
            </section>
          )}

          <section aria-labelledby="sar-h">
            <h2 id="sar-h">Subject access copy</h2>
            <SubjectAccess schoolId={schoolId} pupilId={pupilId} />
          </section>

          <section aria-labelledby="deliveries-h">
            <h2 id="deliveries-h">Notifications sent to parents and the pupil</h2>
            <Loading state={deliveries}>
              {(list) =>
                list.length === 0 ? (
                  <p>None yet.</p>
                ) : (
                  <DataTable label="Notifications" columns={['Message', 'To', 'How', 'Status', 'Sent']}>
                    {list.map((d) => (
                      <tr key={d.id}>
                        <td>
                          {d.subject}
                          {d.statutory ? ' (formal notice)' : ''}
                        </td>
                        <td>{RECIPIENT[d.recipientType] ?? d.recipientType}</td>
                        <td>{d.channel.replace('_', '-')}</td>
                        <td>{d.status.replace('_', ' ')}</td>
                        <td>{d.sentAt ? longDate(d.sentAt) : '—'}</td>
                      </tr>
                    ))}
                  </DataTable>
                )
              }
            </Loading>
          </section>
        </Page>
      )}
    </Loading>
  );
}
