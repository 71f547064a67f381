import { preferencesBody, scheduleBody, slotForm } from '../../../apps/web/src/pages/groups-form.js';
import { settingsChanges, settingsForm, type StoredSettings } from '../../../apps/web/src/pages/settings-form.js';

/**
 * The school settings, timetable and contact-choice forms (issue 17): loaded from what the API stores and
 * saved with no change, the stored content is the same; one field edited, every other field is unchanged.
 */
const stored: StoredSettings & { retentionYears: number; overdueRepeatDays: number } = {
  reviewIntervalWeeks: 10,
  sencoName: 'Ms A Example',
  sencoEmail: 'senco@school.test.invalid',
  sencoPhone: '01632 960000',
  sendiassName: 'Example SENDIASS',
  sendiassPhone: '01632 960001',
  sendiassUrl: 'https://sendiass.example',
  emailSignature: null,
  reminderLeadDays: [14, 3],
  // Settings the form does not show: the PATCH must not touch them.
  retentionYears: 25,
  overdueRepeatDays: 7,
};
/** The API's PATCH applied to the stored settings (fields not sent are kept). */
const patched = (changes: object) => ({ ...stored, ...changes });

describe('the school settings form', () => {
  it('saved unchanged, it sends nothing, so every setting stays as stored', () => {
    expect(settingsChanges(stored, settingsForm(stored))).toEqual({});
    expect(patched(settingsChanges(stored, settingsForm(stored)))).toEqual(stored);
  });

  it('one field edited: only that field is sent and every other setting is unchanged', () => {
    const form = { ...settingsForm(stored), sencoName: 'Mr B Example' };
    expect(settingsChanges(stored, form)).toEqual({ sencoName: 'Mr B Example' });
    expect(patched(settingsChanges(stored, form))).toEqual({ ...stored, sencoName: 'Mr B Example' });
  });

  it('reminder days and the interval are sent as numbers; something that is not a number is refused, naming the field', () => {
    expect(settingsChanges(stored, { ...settingsForm(stored), reminderLeadDays: '21, 7 ,1', reviewIntervalWeeks: '8' })).toEqual({
      reminderLeadDays: [21, 7, 1],
      reviewIntervalWeeks: 8,
    });
    expect(() => settingsChanges(stored, { ...settingsForm(stored), reviewIntervalWeeks: 'ten' })).toThrow(/^Weeks from a plan starting to its review: /);
    expect(() => settingsChanges(stored, { ...settingsForm(stored), reminderLeadDays: '14, soon' })).toThrow(/^Remind parents and teachers .*: /);
    expect(settingsChanges(stored, { ...settingsForm(stored), sencoPhone: '' })).toEqual({ sencoPhone: null });
  });
});

describe('the intervention group timetable form', () => {
  const schedule = [
    { weekday: 1, startTime: '09:15', minutes: 20 },
    { weekday: 3, startTime: '13:30', minutes: 30 },
  ];

  it('saved unchanged, the timetable sent is the timetable stored', () => {
    expect(scheduleBody(schedule.map(slotForm))).toEqual({ schedule });
  });

  it('one slot edited: only that slot changes', () => {
    const form = schedule.map(slotForm);
    form[1] = { ...form[1]!, minutes: '45' };
    expect(scheduleBody(form)).toEqual({ schedule: [schedule[0], { ...schedule[1], minutes: 45 }] });
  });
});

describe("a parent's contact choices", () => {
  it('saved unchanged, both choices are sent as stored; one changed, the other is kept', () => {
    const prefs = { email: false, inApp: true, statutoryAlwaysSent: true };
    expect(preferencesBody(prefs)).toEqual({ email: false, inApp: true });
    expect(preferencesBody({ ...prefs, email: true })).toEqual({ email: true, inApp: true });
  });
});
