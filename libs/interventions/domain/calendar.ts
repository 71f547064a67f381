import { academicYearBounds, academicYearLabel, dayNumber, isoOfDay, requireDay, weekdayOfDay, type DateRange, type FieldError } from '#libs/core';

/** A term of the school's year, dates inclusive. Half terms may be entered as terms or as closures. */
export interface TermInput {
  name: string;
  startsOn: string;
  endsOn: string;
}

/** Days the school is closed inside its terms. */
export const CLOSURE_KINDS = ['half_term', 'inset', 'bank_holiday', 'closure'] as const;
export type ClosureKind = (typeof CLOSURE_KINDS)[number];

/** A closure, dates inclusive: a half term, an INSET (training) day, a bank holiday or any other closure. */
export interface ClosureInput {
  kind: ClosureKind;
  name: string | null;
  startsOn: string;
  endsOn: string;
}

/** What the timetable needs to know of a school's year: when it is open. Names and kinds do not matter here. */
export interface SchoolCalendar {
  terms: DateRange[];
  closures: DateRange[];
}

/** Three terms, each split at half term, is the most a school year in England is divided into. */
export const MAX_TERMS = 6;

const KIND_LABELS: Record<ClosureKind, string> = {
  half_term: 'half term',
  inset: 'INSET day',
  bank_holiday: 'bank holiday',
  closure: 'closure',
};

const within = (date: string, range: DateRange) => range.startsOn <= date && date <= range.endsOn;
const intersect = (a: DateRange, b: DateRange) => a.startsOn <= b.endsOn && b.startsOn <= a.endsOn;

/**
 * Checks a school's terms and closures for one academic year. Each field gets at most the first problem
 * with its own dates; relations between entries (overlaps, closures outside terms) are checked only between
 * entries whose own dates are sound, so one typo does not cascade into a list of errors.
 */
export function checkCalendar(academicYear: number, terms: TermInput[], closures: ClosureInput[]): FieldError[] {
  if (!Number.isInteger(academicYear) || academicYear < 2000 || academicYear > 2100) {
    return [{ field: 'academicYear', message: `academicYear ${academicYear} is not a year; give the year it starts in, e.g. 2026 for 2026/27` }];
  }
  const errors: FieldError[] = [];
  const year = academicYearBounds(academicYear);
  const yearText = `the ${academicYearLabel(academicYear)} academic year (${year.startsOn} to ${year.endsOn})`;

  /** The dates of one entry; null when they are not usable for the relational checks. */
  const checkRange = (prefix: string, range: DateRange, noun: string): DateRange | null => {
    let sound = true;
    for (const key of ['startsOn', 'endsOn'] as const) {
      const field = `${prefix}.${key}`;
      const value = range[key];
      if (dayNumber(value) === null) {
        errors.push({ field, message: `${field} ${JSON.stringify(value ?? null)} is not a date; use YYYY-MM-DD` });
        sound = false;
      } else if (!within(value, year)) {
        errors.push({ field, message: `${field} ${value} is outside ${yearText}; enter it in the year it belongs to` });
        sound = false;
      }
    }
    if (sound && range.endsOn < range.startsOn) {
      errors.push({
        field: `${prefix}.endsOn`,
        message: `${prefix}.endsOn ${range.endsOn} is before the ${noun} starts (${range.startsOn}); check the dates are the right way round`,
      });
      sound = false;
    }
    return sound ? { startsOn: range.startsOn, endsOn: range.endsOn } : null;
  };

  if (terms.length > MAX_TERMS) {
    errors.push({
      field: 'terms',
      message: `terms has ${terms.length} entries; a school year has at most ${MAX_TERMS} (three terms split at half term): merge or remove some`,
    });
  }

  const seenNames = new Map<string, number>();
  const soundTerms: { index: number; name: string; range: DateRange }[] = [];
  terms.forEach((term, i) => {
    const name = typeof term.name === 'string' ? term.name.trim() : '';
    if (name === '') {
      errors.push({ field: `terms.${i}.name`, message: `terms.${i}.name is empty; name the term, e.g. 'Autumn 1'` });
    } else {
      const key = name.toLowerCase();
      const first = seenNames.get(key);
      if (first === undefined) seenNames.set(key, i);
      else {
        errors.push({
          field: `terms.${i}.name`,
          message: `terms.${i}.name '${name}' is already the name of terms.${first}; give each term its own name`,
        });
      }
    }
    const range = checkRange(`terms.${i}`, term, 'term');
    if (range) soundTerms.push({ index: i, name, range });
  });

  // Each overlapping pair is reported once, on the later entry, naming both.
  for (const [j, b] of soundTerms.entries()) {
    for (const a of soundTerms.slice(0, j)) {
      if (!intersect(a.range, b.range)) continue;
      errors.push({
        field: `terms.${b.index}.startsOn`,
        message:
          `terms.${b.index} '${b.name}' (${b.range.startsOn} to ${b.range.endsOn}) overlaps terms.${a.index} '${a.name}' ` +
          `(${a.range.startsOn} to ${a.range.endsOn}); terms must not share a day: correct the dates`,
      });
    }
  }

  closures.forEach((closure, i) => {
    const prefix = `closures.${i}`;
    if (!(CLOSURE_KINDS as readonly string[]).includes(closure.kind)) {
      errors.push({
        field: `${prefix}.kind`,
        message: `${prefix}.kind ${JSON.stringify(closure.kind ?? null)} is not a kind of closure; use one of ${CLOSURE_KINDS.join(', ')}`,
      });
    }
    const noun = KIND_LABELS[closure.kind] ?? 'closure';
    const range = checkRange(prefix, closure, noun);
    // A closure outside every term changes nothing (the school is closed then anyway), which usually means
    // a wrong date or a missing term. Only judged against a sound set of terms.
    if (range && soundTerms.length > 0 && !soundTerms.some((t) => intersect(t.range, range))) {
      errors.push({
        field: `${prefix}.startsOn`,
        message:
          `${prefix} (${noun}, ${range.startsOn} to ${range.endsOn}) falls outside every term, so it has no effect: ` +
          'the school is already closed then; correct its dates, add the missing term, or remove it',
      });
    }
  });
  return errors;
}

const isWeekend = (day: number) => weekdayOfDay(day) > 5;

/** Why the school is closed on a date, or null when it is open. A weekend wins over anything else. */
export function closedReason(date: string, cal: SchoolCalendar): 'weekend' | 'outside_term' | 'closure' | null {
  const day = requireDay(date, 'date');
  if (isWeekend(day)) return 'weekend';
  if (!cal.terms.some((t) => within(date, t))) return 'outside_term';
  if (cal.closures.some((c) => within(date, c))) return 'closure';
  return null;
}

/** Monday to Friday, inside a term and not inside any closure. */
export function isOpenDay(date: string, cal: SchoolCalendar): boolean {
  return closedReason(date, cal) === null;
}

/** Every open day from `from` to `to` inclusive, ascending. Only the days inside some term are visited. */
export function openDays(from: string, to: string, cal: SchoolCalendar): string[] {
  let first = requireDay(from, 'from');
  let last = requireDay(to, 'to');
  if (cal.terms.length === 0) return [];
  // Clamp to the span of the terms, so a period with a far-off end costs no more than the terms it covers.
  first = Math.max(first, Math.min(...cal.terms.map((t) => requireDay(t.startsOn, 'term startsOn'))));
  last = Math.min(last, Math.max(...cal.terms.map((t) => requireDay(t.endsOn, 'term endsOn'))));
  const days: string[] = [];
  for (let day = first; day <= last; day++) {
    if (isWeekend(day)) continue;
    const date = isoOfDay(day);
    if (closedReason(date, cal) === null) days.push(date);
  }
  return days;
}
