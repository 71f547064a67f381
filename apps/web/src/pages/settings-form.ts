/**
 * The school settings form and the school's stored settings, mapped both ways. The API's PATCH takes partial
 * updates, so the form sends only what the SENCO changed: a setting the form does not show (retention, logo,
 * overdue reminders) or one left as it was is never rewritten (issue 17). No imports, so jest can test it.
 */

export interface StoredSettings {
  reviewIntervalWeeks: number;
  sencoName: string | null;
  sencoEmail: string | null;
  sencoPhone: string | null;
  sendiassName: string | null;
  sendiassPhone: string | null;
  sendiassUrl: string | null;
  emailSignature: string | null;
  reminderLeadDays: number[];
}

export type SettingsForm = { [K in keyof StoredSettings]: string };
/** What is sent: numbers the SENCO typed that are not numbers go as typed, so the API names the field. */
export type SettingsChanges = Partial<Record<keyof StoredSettings, string | number | (number | string)[] | null>>;

const TEXT = ['sencoName', 'sencoEmail', 'sencoPhone', 'sendiassName', 'sendiassPhone', 'sendiassUrl', 'emailSignature'] as const;

export function settingsForm(s: StoredSettings): SettingsForm {
  const text = (v: string | null | undefined) => v ?? '';
  return {
    reviewIntervalWeeks: String(s.reviewIntervalWeeks),
    ...(Object.fromEntries(TEXT.map((k) => [k, text(s[k])])) as Record<(typeof TEXT)[number], string>),
    reminderLeadDays: s.reminderLeadDays.join(', '),
  };
}

const number = (v: string) => (/^\s*\d+\s*$/.test(v) ? Number(v) : v);

/** The settings the form changes, and only those. */
export function settingsChanges(s: StoredSettings, f: SettingsForm): SettingsChanges {
  const changes: SettingsChanges = {};
  const before = settingsForm(s);
  if (f.reviewIntervalWeeks !== before.reviewIntervalWeeks) changes.reviewIntervalWeeks = number(f.reviewIntervalWeeks);
  for (const k of TEXT) if (f[k] !== before[k]) changes[k] = f[k].trim() === '' ? null : f[k].trim();
  if (f.reminderLeadDays !== before.reminderLeadDays) {
    const days = f.reminderLeadDays
      .split(/[,\s]+/)
      .filter(Boolean)
      .map(number);
    changes.reminderLeadDays = days.length ? days : null;
  }
  return changes;
}
