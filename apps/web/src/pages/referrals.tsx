import { useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { api, must, type Schemas } from '../api/client';
import { $api } from '../api/query';
import { longDate, todayIso } from '../labels';
import { Link } from '../router';
import { DataTable, ErrorSummary, Loading, Select, Tag, TextArea, TextField, useAction } from '../ui';
import { PROFESSIONAL_ROLE } from './sharing';

const STATUS: Record<string, string> = { waiting: 'Waiting', seen: 'Seen', declined: 'Declined', withdrawn: 'Withdrawn' };

/** Referrals to outside services on the pupil page: record one, and record when the pupil was seen and what came of it. */
export function Referrals({ schoolId, pupilId }: { schoolId: string; pupilId: string }) {
  const list = $api.useQuery('get', '/v1/schools/{schoolId}/pupils/{pupilId}/referrals', { params: { path: { schoolId, pupilId } } });
  const queryClient = useQueryClient();
  // A referral changed here may also change the school's overdue list.
  const refresh = () => {
    void queryClient.invalidateQueries({ queryKey: ['get', '/v1/schools/{schoolId}/pupils/{pupilId}/referrals'] });
    void queryClient.invalidateQueries({ queryKey: ['get', '/v1/schools/{schoolId}/referrals/overdue'] });
  };
  return (
    <>
      <Loading state={list}>
        {(items) =>
          items.length === 0 ? (
            <p>No referrals recorded.</p>
          ) : (
            <DataTable label="Referrals" columns={['Service', 'Referred', 'Expected by', 'Status', 'Outcome']}>
              {items.map((r) => (
                <ReferralRow key={r.id} schoolId={schoolId} referral={r} onSaved={refresh} />
              ))}
            </DataTable>
          )
        }
      </Loading>
      <NewReferral schoolId={schoolId} pupilId={pupilId} onSaved={refresh} />
    </>
  );
}

function ReferralRow({ schoolId, referral: r, onSaved }: { schoolId: string; referral: Schemas['ReferralDto']; onSaved: () => void }) {
  const [seenOn, setSeenOn] = useState(todayIso());
  const [outcome, setOutcome] = useState('');
  const { busy, error, run } = useAction();
  const seen = (e: FormEvent) => {
    e.preventDefault();
    void run(async () => {
      must(
        await api.PATCH('/v1/schools/{schoolId}/referrals/{referralId}', {
          params: { path: { schoolId, referralId: r.id } },
          body: { status: 'seen', seenOn, outcome: outcome || null },
        }),
      );
      onSaved();
    });
  };
  return (
    <tr>
      <td>
        {r.serviceName} ({PROFESSIONAL_ROLE[r.serviceKind] ?? r.serviceKind})
      </td>
      <td>{longDate(r.referredOn)}</td>
      <td>
        {longDate(r.expectedBy)} {r.overdue && <Tag tone="red">Overdue</Tag>}
      </td>
      <td>{r.status === 'seen' ? `Seen ${longDate(r.seenOn)}` : (STATUS[r.status] ?? r.status)}</td>
      <td>
        {r.status === 'waiting' ? (
          <form onSubmit={seen}>
            <ErrorSummary error={error} />
            <TextField label={`Date seen by ${r.serviceName}`} type="date" value={seenOn} onChange={setSeenOn} />
            <TextArea label="Outcome" value={outcome} onChange={setOutcome} rows={2} />
            <button type="submit" className="button secondary" disabled={busy}>
              Record as seen
            </button>
          </form>
        ) : (
          (r.outcome ?? '—')
        )}
      </td>
    </tr>
  );
}

function NewReferral({ schoolId, pupilId, onSaved }: { schoolId: string; pupilId: string; onSaved: () => void }) {
  const [serviceName, setServiceName] = useState('');
  const [serviceKind, setServiceKind] = useState('camhs');
  const [referredOn, setReferredOn] = useState(todayIso());
  const [weeks, setWeeks] = useState('12');
  const { busy, error, run } = useAction();
  const submit = (e: FormEvent) => {
    e.preventDefault();
    void run(async () => {
      must(
        await api.POST('/v1/schools/{schoolId}/pupils/{pupilId}/referrals', {
          params: { path: { schoolId, pupilId } },
          body: { serviceName, serviceKind: serviceKind as Schemas['ReferralInputDto']['serviceKind'], referredOn, expectedWaitWeeks: Number(weeks) },
        }),
      );
      setServiceName('');
      onSaved();
    });
  };
  return (
    <form onSubmit={submit}>
      <h3>Record a referral</h3>
      <ErrorSummary error={error} />
      <TextField label="Service" value={serviceName} onChange={setServiceName} hint="For example: Northshire CAMHS" />
      <Select label="Kind of service" value={serviceKind} onChange={setServiceKind} options={PROFESSIONAL_ROLE} />
      <TextField label="Date referred" type="date" value={referredOn} onChange={setReferredOn} />
      <TextField label="Expected wait in weeks" type="number" inputMode="numeric" value={weeks} onChange={setWeeks} />
      <button type="submit" className="button secondary" disabled={busy}>
        Record the referral
      </button>
    </form>
  );
}

/** The SENCO's list of referrals past their expected wait and not yet seen: the ones to chase. */
export function OverdueReferrals({ schoolId }: { schoolId: string }) {
  const list = $api.useQuery('get', '/v1/schools/{schoolId}/referrals/overdue', { params: { path: { schoolId } } });
  return (
    <section aria-labelledby="overdue-referrals-h">
      <h2 id="overdue-referrals-h">Overdue referrals</h2>
      <Loading state={list}>
        {(items) =>
          items.length === 0 ? (
            <p>No referral is past its expected wait.</p>
          ) : (
            <DataTable label="Overdue referrals" columns={['Pupil', 'Service', 'Referred', 'Expected by']}>
              {items.map((r) => (
                <tr key={r.id}>
                  <td>
                    <Link to={`/app/s/${schoolId}/pupils/${r.pupilId}`}>
                      {r.firstName} {r.lastName}
                    </Link>
                  </td>
                  <td>{r.serviceName}</td>
                  <td>{longDate(r.referredOn)}</td>
                  <td>{longDate(r.expectedBy)}</td>
                </tr>
              ))}
            </DataTable>
          )
        }
      </Loading>
    </section>
  );
}
