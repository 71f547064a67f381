/**
 * The forms of the interventions and contact-choice pages and what the API stores, mapped both ways (issue 17:
 * a form saved unchanged must store what was there). No imports, so jest can test them.
 */

export interface StoredSlot {
  weekday: number;
  startTime: string;
  minutes: number;
}
export type SlotForm = { weekday: string; startTime: string; minutes: string };

/** The API may give a time with seconds ("09:15:00"); the time input shows hours and minutes. */
export const slotForm = (s: StoredSlot): SlotForm => ({ weekday: String(s.weekday), startTime: s.startTime.slice(0, 5), minutes: String(s.minutes) });

/** The timetable is saved whole (PUT …/schedule): every slot on screen, in order. */
export const scheduleBody = (slots: SlotForm[]) => ({
  schedule: slots.map((s) => ({ weekday: Number(s.weekday) as 1 | 2 | 3 | 4 | 5, startTime: s.startTime, minutes: Number(s.minutes) })),
});

/** A parent's contact choices: both are on screen; the statutory notice is always sent and is not a choice. */
export const preferencesBody = (p: { email: boolean; inApp: boolean }) => ({ email: p.email, inApp: p.inApp });
