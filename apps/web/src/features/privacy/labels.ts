/** What each access-log entry says was read, in words. */
export const RESOURCE: Record<string, string> = {
  plan: 'support plan',
  plan_cycle: 'plan cycle',
  plan_version: 'plan version',
  professional_reports: 'professional reports',
  evidence_pack: 'evidence pack',
  sen_history: 'SEN history',
  pupil_record: 'pupil record',
  provision_map: 'provision map',
  subject_access_export: 'subject access copy',
  transfer_record: 'transfer record',
  shared_record: 'record shared with professionals',
  referrals: 'referrals',
};

/** A moment in UK time, to the minute: when a record was read or a copy requested. */
export const dateTime = new Intl.DateTimeFormat('en-GB', {
  day: 'numeric',
  month: 'short',
  year: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
  timeZone: 'Europe/London',
});
