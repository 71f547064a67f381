import { todayIso } from '../labels';

/** A start to SEN Support further back than this asks whether the parents were already told (the API's rule). */
const LOOKBACK_DAYS = 28;

export function needsNoticeAnswer(startDate: string): boolean {
  const d = new Date(`${todayIso()}T12:00:00Z`);
  d.setUTCDate(d.getUTCDate() - LOOKBACK_DAYS);
  return startDate !== '' && startDate < d.toISOString().slice(0, 10);
}

/**
 * "Were the parents already told?" for a back-dated start to SEN Support: yes records the formal notice as
 * given outside SEN Manager and sends nothing; no sends it now. Shown only when the API would ask.
 */
export function ParentsToldQuestion({ startDate, value, onChange }: { startDate: string; value: boolean | null; onChange: (v: boolean) => void }) {
  if (!needsNoticeAnswer(startDate)) return null;
  return (
    <fieldset className="field">
      <legend>Support began more than {LOOKBACK_DAYS} days ago. Were the parents already told that SEN Support began?</legend>
      <label className="check">
        <input type="radio" name="parentsAlreadyNotified" checked={value === true} onChange={() => onChange(true)} /> Yes, they were told: do not send the
        formal notice
      </label>
      <label className="check">
        <input type="radio" name="parentsAlreadyNotified" checked={value === false} onChange={() => onChange(false)} /> No: send the formal notice now
      </label>
    </fieldset>
  );
}

/** The request field: sent only when the question was shown, so a recent start is unchanged. */
export const noticeAnswer = (startDate: string, value: boolean | null) =>
  needsNoticeAnswer(startDate) && value !== null ? { parentsAlreadyNotified: value } : {};
