import { useState, type FormEvent } from 'react';
import { api, must } from '../api/client';
import { todayIso } from '../labels';
import { ErrorSummary, TextField, downloadBlob, useAction } from '../ui';

/**
 * The census file for a census date: every pupil on roll with SEN provision E, K or N and need types for E and
 * K only, as the API writes it. A pupil the census would reject is named (by UPN) in the error summary instead.
 */
export function CensusExport({ schoolId }: { schoolId: string }) {
  const [date, setDate] = useState(todayIso());
  const { busy, error, run } = useAction();
  const submit = (e: FormEvent) => {
    e.preventDefault();
    void run(async () => {
      const res = await api.GET('/v1/schools/{schoolId}/census-export', { params: { path: { schoolId }, query: { date } }, parseAs: 'blob' });
      downloadBlob(must(res), `sen-census-${date}.csv`);
    });
  };
  return (
    <section aria-labelledby="census-h">
      <h2 id="census-h">School census</h2>
      <ErrorSummary error={error} />
      <form onSubmit={submit}>
        <TextField
          label="Census date"
          hint="The spring census is on the third Thursday of January. Pupils being monitored are returned as N, with no need."
          type="date"
          value={date}
          onChange={setDate}
          name="censusDate"
          required
        />
        <button type="submit" className="button secondary" disabled={busy}>
          Download the census file (CSV)
        </button>
      </form>
    </section>
  );
}
