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
/** What is sent: the API's types exactly (a number typed that is not one is refused here, naming the field). */
export type SettingsChanges = Partial<Omit<StoredSettings, 'reminderLeadDays'> & { reminderLeadDays: number[] | null }>;

const TEXT = ['sencoName', 'sencoEmail', 'sencoPhone', 'sendiassName', 'sendiassPhone', 'sendiassUrl', 'emailSignature'] as const;

export function settingsForm(s: StoredSettings): SettingsForm {
  const text = (v: string | null | undefined) => v ?? '';
  return {
    reviewIntervalWeeks: String(s.reviewIntervalWeeks),
    ...(Object.fromEntries(TEXT.map((k) => [k, text(s[k])])) as Record<(typeof TEXT)[number], string>),
    reminderLeadDays: s.reminderLeadDays.join(', '),
  };
}

/** The refusals, naming each field by the label the SENCO sees. */
const NOT_A_NUMBER = {
  reviewIntervalWeeks: 'Weeks from a plan starting to its review: enter a whole number of weeks, e.g. 10',
  reminderLeadDays: 'Remind parents and teachers this many days before a review: enter whole numbers of days, e.g. 14, 3',
} as const;

/** A whole number as typed; anything else is refused naming the field (the API's ranges are still its own to check). */
function number(v: string, field: keyof typeof NOT_A_NUMBER): number {
  if (!/^\s*\d+\s*$/.test(v)) throw new Error(NOT_A_NUMBER[field]);
  return Number(v);
}

/** The settings the form changes, and only those; throws, naming the field, if a number is not one. */
export function settingsChanges(s: StoredSettings, f: SettingsForm): SettingsChanges {
  const changes: SettingsChanges = {};
  const before = settingsForm(s);
  if (f.reviewIntervalWeeks !== before.reviewIntervalWeeks) changes.reviewIntervalWeeks = number(f.reviewIntervalWeeks, 'reviewIntervalWeeks');
  for (const k of TEXT) if (f[k] !== before[k]) changes[k] = f[k].trim() === '' ? null : f[k].trim();
  if (f.reminderLeadDays !== before.reminderLeadDays) {
    const days = f.reminderLeadDays
      .split(/[,\s]+/)
      .filter(Boolean)
      .map((d) => number(d, 'reminderLeadDays'));
    changes.reminderLeadDays = days.length ? days : null;
  }
  return changes;
}
