import { invalid, type FieldError } from '#libs/core';
import { AREAS_OF_NEED, NEED_CODES, SEN_STATUSES, YEAR_GROUPS, parseSenStatus, type RegisterFilter, type SenStatus } from '#libs/register';
import type { RegisterFilterQuery } from './register.dto.js';

/** A comma-separated query value, each checked against `allowed`; a bad one is named in `errors`. */
export function list<T extends string>(
  raw: string | undefined,
  allowed: readonly T[],
  field: string,
  errors: FieldError[],
  normalise = (v: string) => v,
): T[] | undefined {
  if (raw === undefined || raw.trim() === '') return undefined;
  const values = raw
    .split(',')
    .map((v) => normalise(v.trim()))
    .filter(Boolean);
  const bad = values.filter((v) => !allowed.includes(v as T));
  if (bad.length > 0) errors.push({ field, message: `${field} has ${bad.map((b) => `'${b.slice(0, 20)}'`).join(', ')}; use ${allowed.join(', ')}` });
  return values as T[];
}

function bool(raw: string | undefined, field: string, errors: FieldError[]): boolean | undefined {
  if (raw === undefined || raw === '') return undefined;
  if (raw === 'true' || raw === 'false') return raw === 'true';
  errors.push({ field, message: `${field} must be true or false` });
  return undefined;
}

/**
 * Whether a register request's statuses leave out pupils not on the register (N), read from its raw query string
 * as toRegisterFilter reads it (K and E when none is given): its statements then join the school's status
 * entries whole, and read them best by bitmap (BitmapScans). A value it cannot read counts as N.
 */
export function registerWithoutN(query: Record<string, unknown>): boolean {
  const raw = query['status'];
  if (raw !== undefined && typeof raw !== 'string') return false;
  const errors: FieldError[] = [];
  const statuses = list<SenStatus>(raw, SEN_STATUSES, 'status', errors, statusOf) ?? ON_THE_REGISTER;
  return errors.length === 0 && !statuses.includes('N');
}

/** The statuses a register request reads when it names none: pupils on the register. */
const ON_THE_REGISTER: readonly SenStatus[] = ['K', 'E'];

/** A status as written in a query string (a code or a name), or the value as given if it is neither. */
function statusOf(value: string): string {
  const parsed = parseSenStatus(value);
  return parsed.ok ? parsed.status : value;
}

/** Turns the query string into a register filter, naming every bad value. */
export function toRegisterFilter(q: RegisterFilterQuery, today: string): RegisterFilter {
  const errors: FieldError[] = [];
  const statuses = list<SenStatus>(q.status, SEN_STATUSES, 'status', errors, statusOf);
  const filter: RegisterFilter = {
    asOf: q.asOf ?? today,
    statuses: statuses ?? ON_THE_REGISTER,
    needs: list(q.need, NEED_CODES, 'need', errors, (v) => v.toUpperCase()),
    areas: list(q.area, AREAS_OF_NEED, 'area', errors),
    yearGroups: list(q.yearGroup, YEAR_GROUPS, 'yearGroup', errors, (v) => v.toUpperCase()),
    classNames: q.className
      ? q.className
          .split(',')
          .map((c) => c.trim())
          .filter(Boolean)
      : undefined,
    fsm: bool(q.fsm, 'fsm', errors),
    eal: bool(q.eal, 'eal', errors),
    lookedAfter: bool(q.lookedAfter, 'lookedAfter', errors),
    placedFrom: q.placedFrom,
    placedTo: q.placedTo,
    q: q.q?.trim() || undefined,
  };
  if (filter.asOf > today) errors.push({ field: 'asOf', message: 'asOf cannot be in the future: the register records what has happened' });
  if (filter.placedFrom && filter.placedTo && filter.placedFrom > filter.placedTo) errors.push({ field: 'placedTo', message: 'placedTo is before placedFrom' });
  if (errors.length > 0) throw invalid(errors);
  return filter;
}
