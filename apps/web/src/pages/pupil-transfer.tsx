import { useState, type FormEvent } from 'react';
import { api, must } from '../api/client';
import { longDate, todayIso } from '../labels';
import { ErrorSummary, TextField, downloadBlob, useAction } from '../ui';

/**
 * A leaver's SEN record for their next school: download it, then record the day it was sent. Once sent, the
 * next school keeps the long-term copy and this school's copy follows the shorter retention rule (leaving date +
 * the school's leaver years) rather than date of birth + 31 (docs/domain.md, "Retention").
 */
export function TransferRecord({
  schoolId,
  pupilId,
  recordSentOn,
  onSaved,
}: {
  schoolId: string;
  pupilId: string;
  recordSentOn: string | null;
  onSaved: () => void;
}) {
  const [sentOn, setSentOn] = useState(recordSentOn ?? todayIso());
  const { busy, error, run } = useAction();
  const download = () =>
    void run(async () => {
      const res = await api.GET('/v1/schools/{schoolId}/pupils/{pupilId}/transfer-record', {
        params: { path: { schoolId, pupilId }, query: { format: 'pdf' } },
        parseAs: 'blob',
      });
      downloadBlob(must(res), 'sen-transfer-record.pdf');
    });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    void run(async () => {
      must(await api.POST('/v1/schools/{schoolId}/pupils/{pupilId}/transfer-record/sent', { params: { path: { schoolId, pupilId } }, body: { sentOn } }));
      onSaved();
    });
  };
  return (
    <>
      <ErrorSummary error={error} />
      <p>
        {recordSentOn
          ? `The SEN record was sent to the next school on ${longDate(recordSentOn)}. This school's copy is kept under the shorter rule for records passed on.`
          : 'Send the SEN record to the pupil’s next school within 15 school days of them joining it. Until it is recorded as sent, this school keeps it as the last school would: until the pupil’s 31st birthday.'}
      </p>
      <button type="button" className="button secondary" disabled={busy} onClick={download}>
        Download the SEN record for the next school (PDF)
      </button>
      <form onSubmit={submit}>
        <TextField label="Date the record was sent" type="date" value={sentOn} onChange={setSentOn} />
        <button type="submit" className="button secondary" disabled={busy}>
          {recordSentOn ? 'Change the date it was sent' : 'Record that it was sent'}
        </button>
      </form>
    </>
  );
}
