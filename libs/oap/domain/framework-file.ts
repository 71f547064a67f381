import { isIsoDate, type FieldError } from '#libs/core';
import { AREAS_OF_NEED, type AreaOfNeed } from '#libs/register';
import { FREQUENCY_PERIODS, type FrequencyPeriod } from '#libs/vocabulary';

/** How an expectation is seen delivered: an intervention (of a kind, at a frequency) or an adjustment in class. */
export const EVIDENCE_KINDS = ['intervention', 'adjustment'] as const;
export type EvidenceKind = (typeof EVIDENCE_KINDS)[number];

export interface FrameworkHeader {
  laCode: string;
  name: string;
  version: number;
  effectiveFrom: string;
  source: string;
  scale: string[];
}

export interface ExpectationInput {
  code: string;
  areaOfNeed: AreaOfNeed;
  level: string | null;
  text: string;
  evidence: EvidenceKind;
  interventionKind: string | null;
  frequencyCount: number | null;
  frequencyPeriod: FrequencyPeriod | null;
}

export interface FrameworkFile {
  header: FrameworkHeader;
  expectations: ExpectationInput[];
}

/** One expectation as read from a file, with the row that names it in errors (CSV: the spreadsheet row; JSON: its number). */
export interface RawExpectation {
  row: number;
  values: Record<string, unknown>;
}

const HEADER_FIELDS = ['laCode', 'name', 'version', 'effectiveFrom', 'source', 'scale'] as const;
export const EXPECTATION_FIELDS = ['code', 'areaOfNeed', 'level', 'text', 'evidence', 'interventionKind', 'frequencyCount', 'frequencyPeriod'] as const;
const CODE = /^[A-Za-z0-9][A-Za-z0-9._-]{0,31}$/;
const MAX_EXPECTATIONS = 500;

const text = (v: unknown): string => (typeof v === 'string' ? v.trim() : typeof v === 'number' ? String(v) : '');
/** PostgreSQL cannot store U+0000 in text: refused by name rather than failing at the insert. */
const NUL = 'contains a NUL character (U+0000), which cannot be stored';
const hasNul = (v: unknown): boolean => (typeof v === 'string' ? v.includes('\u0000') : Array.isArray(v) ? v.some(hasNul) : false);
const optional = (v: unknown): string | null => (text(v) === '' ? null : text(v));

/** Checks the framework's own fields. Errors name the field. */
export function readHeader(values: Record<string, unknown>): { header: FrameworkHeader | null; errors: FieldError[] } {
  const errors: FieldError[] = [];
  for (const key of Object.keys(values))
    if (!(HEADER_FIELDS as readonly string[]).includes(key)) errors.push({ field: key, message: 'is not a framework field' });
  for (const [key, v] of Object.entries(values)) if (hasNul(v)) errors.push({ field: key, message: NUL });
  const laCode = text(values.laCode);
  if (!/^\d{3}$/.test(laCode)) errors.push({ field: 'laCode', message: 'must be the 3-digit DfE local authority number' });
  const name = text(values.name);
  if (name === '' || name.length > 200) errors.push({ field: 'name', message: 'is required (at most 200 characters)' });
  const version = Number(text(values.version));
  if (!Number.isInteger(version) || version < 1 || version > 999) errors.push({ field: 'version', message: 'must be a whole number from 1 to 999' });
  const effectiveFrom = text(values.effectiveFrom);
  if (!isIsoDate(effectiveFrom)) errors.push({ field: 'effectiveFrom', message: 'must be a date (YYYY-MM-DD)' });
  const source = text(values.source);
  if (source === '' || source.length > 500)
    errors.push({ field: 'source', message: "is required: the authority's document, its title and year (at most 500 characters)" });
  const rawScale = values.scale ?? [];
  const scale = (Array.isArray(rawScale) ? rawScale : text(rawScale).split('|')).map(text).filter((s) => s !== '');
  if (scale.some((s) => s.length > 40) || scale.length > 20) errors.push({ field: 'scale', message: 'at most 20 levels of at most 40 characters each' });
  if (new Set(scale.map((s) => s.toLowerCase())).size !== scale.length) errors.push({ field: 'scale', message: 'names a level twice' });
  if (errors.length > 0) return { header: null, errors };
  return { header: { laCode, name, version, effectiveFrom, source, scale }, errors };
}

/**
 * Checks every expectation against the framework's scale and the product's areas of need. Every error names its
 * row and field, and all are reported at once; one error means nothing is imported.
 */
export function readExpectations(header: FrameworkHeader | null, rows: RawExpectation[]): { expectations: ExpectationInput[]; errors: FieldError[] } {
  const errors: FieldError[] = [];
  const at = (row: number, field: string, message: string) => errors.push({ field: `row ${row}: ${field}`, message });
  if (rows.length === 0) errors.push({ field: 'expectations', message: 'the file has no expectations' });
  if (rows.length > MAX_EXPECTATIONS) errors.push({ field: 'expectations', message: `at most ${MAX_EXPECTATIONS} expectations in one framework` });
  const seen = new Map<string, number>();
  const expectations: ExpectationInput[] = [];
  for (const { row, values } of rows.slice(0, MAX_EXPECTATIONS)) {
    const before = errors.length;
    for (const key of Object.keys(values)) if (!(EXPECTATION_FIELDS as readonly string[]).includes(key)) at(row, key, 'is not an expectation field');
    for (const [key, v] of Object.entries(values)) if (hasNul(v)) at(row, key, NUL);
    const code = text(values.code);
    if (!CODE.test(code)) at(row, 'code', 'is required: 1–32 letters, digits, dots, hyphens or underscores');
    const first = seen.get(code.toLowerCase());
    if (CODE.test(code) && first !== undefined) at(row, 'code', `"${code}" is used already at row ${first}; each expectation needs its own code`);
    else seen.set(code.toLowerCase(), row);
    const area = text(values.areaOfNeed);
    if (!(AREAS_OF_NEED as readonly string[]).includes(area))
      at(row, 'areaOfNeed', `unknown area of need "${area.slice(0, 40)}"; use one of ${AREAS_OF_NEED.join(', ')}`);
    const level = optional(values.level);
    const scale = header?.scale ?? [];
    if (level !== null && !scale.some((s) => s.toLowerCase() === level.toLowerCase())) {
      at(
        row,
        'level',
        scale.length
          ? `"${level.slice(0, 40)}" is not on the framework's scale (${scale.join(', ')})`
          : 'the framework declares no scale, so no level may be given',
      );
    }
    const body = text(values.text);
    if (body === '' || body.length > 2000) at(row, 'text', 'is required (at most 2000 characters)');
    const evidence = text(values.evidence);
    if (!(EVIDENCE_KINDS as readonly string[]).includes(evidence)) at(row, 'evidence', 'must be intervention or adjustment');
    const kind = optional(values.interventionKind);
    if (evidence === 'intervention' && (kind === null || kind.length > 100))
      at(row, 'interventionKind', 'an intervention needs its kind (at most 100 characters)');
    const count = optional(values.frequencyCount);
    const period = optional(values.frequencyPeriod);
    const n = count === null ? null : Number(count);
    if (n !== null && (!Number.isInteger(n) || n < 1 || n > 50)) at(row, 'frequencyCount', 'must be a whole number from 1 to 50');
    if ((count === null) !== (period === null)) at(row, count === null ? 'frequencyCount' : 'frequencyPeriod', 'a frequency needs both a count and a period');
    if (period !== null && !(FREQUENCY_PERIODS as readonly string[]).includes(period))
      at(row, 'frequencyPeriod', `must be one of ${FREQUENCY_PERIODS.join(', ')}`);
    if (evidence === 'adjustment' && (kind !== null || count !== null)) at(row, 'evidence', 'an adjustment in class has no intervention kind or frequency');
    if (errors.length > before) continue;
    expectations.push({
      code,
      areaOfNeed: area as AreaOfNeed,
      level: level === null ? null : (scale.find((s) => s.toLowerCase() === level.toLowerCase()) ?? level),
      text: body,
      evidence: evidence as EvidenceKind,
      interventionKind: kind,
      frequencyCount: n,
      frequencyPeriod: period as FrequencyPeriod | null,
    });
  }
  return { expectations, errors };
}

/** A JSON framework file: the header fields and an `expectations` array; row n is the n-th expectation. */
export function readJsonFramework(body: unknown): { file: FrameworkFile | null; errors: FieldError[] } {
  if (typeof body !== 'object' || body === null || Array.isArray(body))
    return { file: null, errors: [{ field: 'body', message: 'must be a framework object' }] };
  const { expectations, ...rest } = body as Record<string, unknown>;
  const { header, errors } = readHeader(rest);
  if (!Array.isArray(expectations)) return { file: null, errors: [...errors, { field: 'expectations', message: 'must be a list of expectations' }] };
  const rows: RawExpectation[] = expectations.map((values: unknown, i) => ({
    row: i + 1,
    values: typeof values === 'object' && values !== null && !Array.isArray(values) ? (values as Record<string, unknown>) : { code: undefined },
  }));
  const read = readExpectations(header, rows);
  const all = [...errors, ...read.errors];
  return { file: all.length === 0 && header ? { header, expectations: read.expectations } : null, errors: all };
}

/** CSV columns, written the way a spreadsheet user would; each maps to an expectation field. */
export const CSV_COLUMNS: Record<string, (typeof EXPECTATION_FIELDS)[number]> = {
  code: 'code',
  area_of_need: 'areaOfNeed',
  level: 'level',
  expectation: 'text',
  evidence: 'evidence',
  intervention_kind: 'interventionKind',
  frequency_count: 'frequencyCount',
  frequency_period: 'frequencyPeriod',
};

/** An expectation's stored columns (a framework's, or a school's own offer's, which drops the level). */
export function expectationColumns(e: ExpectationInput) {
  return {
    code: e.code,
    areaOfNeed: e.areaOfNeed,
    text: e.text,
    evidenceKind: e.evidence,
    interventionKind: e.interventionKind,
    frequencyCount: e.frequencyCount,
    frequencyPeriod: e.frequencyPeriod,
  };
}
