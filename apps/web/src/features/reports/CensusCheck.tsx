import { useState } from 'react';
import { $api } from '../../api/query';
import { errorOf } from '../../forms/problem-fields';
import { NEED, todayIso } from '../../labels';
import { CensusExport } from '../../pages/census';
import { DataTable, ErrorSummary, Page, TextField } from '../../ui';

const PROVISION: Record<string, string> = { E: 'E: EHC plan', K: 'K: SEN Support', N: 'N: no special provision (monitoring counts here)' };

/**
 * The census check before the census-ready export: how many pupils the census would return under each SEN
 * provision code and, for K and E, each primary need, and how many on the register have no primary need (the
 * census refuses them: fix them on the pupil's page first). Then the export itself, for the same date.
 */
export function CensusCheckPage({ params }: { params: Record<string, string> }) {
  const schoolId = params.schoolId ?? '';
  const [date, setDate] = useState(todayIso());
  const valid = /^\d{4}-\d{2}-\d{2}$/.test(date);
  const check = $api.useQuery('get', '/v1/schools/{schoolId}/census-check', { params: { path: { schoolId }, query: { date } } }, { enabled: valid });
  return (
    <Page title="Census check">
      <TextField
        label="Census date"
        hint="The spring census is on the third Thursday of January"
        type="date"
        value={date}
        onChange={setDate}
        name="checkDate"
      />
      <ErrorSummary error={errorOf(check.error)} />
      {check.data ? (
        <>
          <p>
            {check.data.total} pupils on roll on this date.{' '}
            {check.data.missingNeed > 0 ? (
              <strong>
                {check.data.missingNeed === 1 ? '1 pupil' : `${check.data.missingNeed} pupils`} on the register with no primary need: the census would refuse
                them.
              </strong>
            ) : (
              'Every pupil on the register has a primary need.'
            )}
          </p>
          <DataTable label="Pupils by SEN provision" columns={['SEN provision', 'Pupils']}>
            {check.data.byProvision.map((r) => (
              <tr key={r.provision}>
                <td>{PROVISION[r.provision]}</td>
                <td>{r.count}</td>
              </tr>
            ))}
          </DataTable>
          <DataTable label="Pupils on the register by primary need" columns={['SEN provision', 'Primary need', 'Pupils']}>
            {check.data.byProvisionAndNeed.map((r) => (
              <tr key={`${r.status}-${r.primaryNeed ?? 'none'}`}>
                <td>{r.status}</td>
                <td>{r.primaryNeed ? (NEED[r.primaryNeed] ?? r.primaryNeed) : 'None recorded'}</td>
                <td>{r.count}</td>
              </tr>
            ))}
          </DataTable>
        </>
      ) : (
        valid && !check.error && <p role="status">Counting…</p>
      )}
      <CensusExport schoolId={schoolId} />
    </Page>
  );
}
