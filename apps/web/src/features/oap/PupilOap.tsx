import { useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { api, must, type Schemas } from '../../api/client';
import { $api } from '../../api/query';
import { AREA, todayIso } from '../../labels';
import { Link } from '../../router';
import { DataTable, ErrorSummary, Loading, Page, Select, Tag, TextArea, TextField, rolesIn, useAction, useMe } from '../../ui';

type Comparison = Schemas['PupilOapComparisonDto'];
type Result = Schemas['OapExpectationResultDto'];

const STATUS: Record<string, [string, 'green' | 'red' | 'grey']> = {
  evidenced: ['Evidenced', 'green'],
  not_evidenced: ['Not evidenced', 'red'],
  not_applicable: ['Not applicable', 'grey'],
};
const EVIDENCED_BY: Record<string, string> = { plan_provision: 'Plan', intervention: 'Intervention attended', adjustment: 'Adjustment in class' };

/**
 * A pupil beside the local authority's ordinarily available provision (docs/oap.md): each expectation for the
 * pupil's areas of need, evidenced or not. The SENCO and head record adjustments in class and "not applicable"
 * marks here; a parent reads the same comparison in plain words.
 */
export function PupilOapPage({ params }: { params: Record<string, string> }) {
  const { schoolId, pupilId } = params as { schoolId: string; pupilId: string };
  const { me } = useMe();
  const roles = rolesIn(me, schoolId);
  const writes = roles.includes('senco') || roles.includes('head');
  const parentView = roles.includes('parent') && !writes && !roles.includes('teacher');
  const state = $api.useQuery('get', '/v1/schools/{schoolId}/pupils/{pupilId}/oap', { params: { path: { schoolId, pupilId } } });
  const queryClient = useQueryClient();
  const onSaved = () => void queryClient.invalidateQueries({ queryKey: ['get', '/v1/schools/{schoolId}/pupils/{pupilId}/oap'] });
  return (
    <Page title="Ordinarily available provision" wide>
      <Loading state={state}>
        {(c) =>
          c.framework === null && c.expectations.length === 0 ? (
            <p>The school's local authority has no ordinarily available provision framework in SEN Manager yet.</p>
          ) : (
            <>
              {c.framework && (
                <p>
                  What <strong>{c.framework.name}</strong> (version {c.framework.version}) expects schools to provide from their own budgets for
                  {c.areas.length ? ` ${c.areas.map((a) => AREA[a.code] ?? a.label).join(' and ')}` : ' the pupil’s needs'}, beside what is recorded. Source:{' '}
                  {c.framework.sourceCitation}
                </p>
              )}
              {c.expectations.some((e) => e.own) && <p>Expectations marked “the school’s own offer” are the school’s additions to the council’s.</p>}
              {writes && (
                <p>
                  <Link to={`/app/s/${schoolId}/oap-offer`}>The school’s own offer</Link>
                </p>
              )}
              <p role="status">
                {c.summary.evidenced} evidenced, {c.summary.notEvidenced} not evidenced, {c.summary.notApplicable} not applicable.
              </p>
              {c.expectations.length === 0 ? <p>No area of need is recorded, so no expectation applies yet.</p> : <Expectations c={c} plain={parentView} />}
              {writes && <RecordForms schoolId={schoolId} pupilId={pupilId} c={c} onSaved={onSaved} />}
            </>
          )
        }
      </Loading>
    </Page>
  );
}

function Expectations({ c, plain }: { c: Comparison; plain: boolean }) {
  if (plain) {
    return (
      <DataTable label="What the council expects, and what the school has recorded" columns={['What the council expects', 'What the school has recorded']}>
        {c.expectations.map((e) => (
          <tr key={e.code}>
            <td>
              {e.text}
              {e.own && ' (the school’s own offer)'}
            </td>
            <td>{e.plain}</td>
          </tr>
        ))}
      </DataTable>
    );
  }
  return (
    <DataTable label="Expectations and evidence" columns={['Code', 'Expectation', 'Level', 'Status', 'Evidence or reason']}>
      {c.expectations.map((e) => (
        <tr key={e.code}>
          <td>{e.code}</td>
          <td>
            {e.text} {e.own && <Tag tone="blue">The school’s own offer</Tag>}
          </td>
          <td>{e.level ?? '—'}</td>
          <td>
            <Tag tone={STATUS[e.status]?.[1]}>{STATUS[e.status]?.[0] ?? e.status}</Tag>
          </td>
          <td>{evidence(e)}</td>
        </tr>
      ))}
    </DataTable>
  );
}

function evidence(e: Result): string {
  if (e.status === 'evidenced') return `${EVIDENCED_BY[e.evidencedBy ?? ''] ?? ''}: ${e.evidenceDescription ?? ''}`;
  if (e.status === 'not_applicable') return e.notApplicableReason ?? '';
  return e.evidence === 'adjustment'
    ? 'Record the adjustment below'
    : `Needs ${e.interventionKind ?? 'the intervention'}${e.frequencyCount ? `, ${e.frequencyCount} a ${e.frequencyPeriod}` : ''}`;
}

function RecordForms({ schoolId, pupilId, c, onSaved }: { schoolId: string; pupilId: string; c: Comparison; onSaved: () => void }) {
  const path = { params: { path: { schoolId, pupilId } } };
  const options = Object.fromEntries(c.expectations.map((e) => [e.code, `${e.code}: ${e.text}`]));
  const [code, setCode] = useState('');
  const [description, setDescription] = useState('');
  const [startedOn, setStartedOn] = useState(todayIso());
  const [naCode, setNaCode] = useState('');
  const [reason, setReason] = useState('');
  const adjustment = useAction();
  const mark = useAction();
  const record = (e: FormEvent) => {
    e.preventDefault();
    void adjustment.run(async () => {
      must(
        await api.POST('/v1/schools/{schoolId}/pupils/{pupilId}/oap-adjustments', { ...path, body: { expectationCode: code || null, description, startedOn } }),
      );
      setDescription('');
      onSaved();
    });
  };
  const notApplicable = (e: FormEvent) => {
    e.preventDefault();
    void mark.run(async () => {
      must(await api.PUT('/v1/schools/{schoolId}/pupils/{pupilId}/oap-not-applicable', { ...path, body: { expectationCode: naCode, reason: reason || null } }));
      setReason('');
      onSaved();
    });
  };
  return (
    <>
      <h2>Record an adjustment in class</h2>
      <form onSubmit={record}>
        <ErrorSummary error={adjustment.error} />
        <Select label="Expectation it meets" value={code} onChange={setCode} options={options} empty="None (another adjustment)" />
        <TextArea label="What the class teacher does differently" value={description} onChange={setDescription} />
        <TextField label="Started on" type="date" value={startedOn} onChange={setStartedOn} />
        <button type="submit" className="button" disabled={adjustment.busy}>
          Record adjustment
        </button>
      </form>
      <h2>Mark an expectation not applicable</h2>
      <form onSubmit={notApplicable}>
        <ErrorSummary error={mark.error} />
        <Select label="Expectation" value={naCode} onChange={setNaCode} options={options} empty="Choose an expectation" />
        <TextArea label="Why it does not apply" hint="Leave empty to remove a mark" value={reason} onChange={setReason} />
        <button type="submit" className="button" disabled={mark.busy}>
          Save
        </button>
      </form>
      {c.adjustments.length > 0 && (
        <>
          <h2>Adjustments recorded</h2>
          <ul>
            {c.adjustments.map((a) => (
              <li key={a.id}>
                {a.expectationCode ? `${a.expectationCode}: ` : ''}
                {a.description} (since {a.startedOn})
              </li>
            ))}
          </ul>
        </>
      )}
    </>
  );
}
