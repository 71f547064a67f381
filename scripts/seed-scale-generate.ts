/**
 * The generator behind `scripts/seed-scale.ts`: synthetic schools at the scale of England, written as rows
 * in PostgreSQL's COPY text format. No database here; the loader streams what this writes.
 *
 * Determinism. Everything comes from seeded PRNGs, never Math.random or crypto.randomUUID:
 * - a school's *content* (pupils, SEN histories, plans, groups, sessions: everything that decides row
 *   counts) from (seed, the school's position in the run, today);
 * - its *identity* (uuids, URN, e-mail addresses) from (seed, the school's global number = offset + position).
 * So the same --seed (and --today, --offset) gives the same rows byte for byte, and a second run into a
 * database that already holds synthetic schools (a higher offset) adds schools with the same content and
 * counts under new ids.
 *
 * Realism: figures from docs/domain.md (national SEN shares, need mixes by phase, boys' and FSM shares,
 * secondary needs, interventions and doses). The need mixes are estimates, and are labelled so in the
 * `reason` of each status entry. Names are common first names with plainly made-up surnames; phone numbers
 * are Ofcom's drama ranges; e-mail addresses are under the reserved `.invalid` domain.
 */
import { createHash } from 'node:crypto';
import { INTERVENTION_CATALOGUE, type CatalogueEntry } from '../libs/interventions/domain/catalogue.js';
import { checkCalendar } from '../libs/interventions/domain/calendar.js';
import { checkNeedsForStatus, type AreaOfNeed, type NeedCode } from '../libs/register/domain/needs.js';
import { upnCheckLetter } from '../libs/register/domain/upn.js';

// ---------------------------------------------------------------------------------------------------------
// Seeded randomness

const HEX = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));
const hex4 = (x: number) => HEX[(x >>> 8) & 255]! + HEX[x & 255]!;

/** sfc32, seeded from SHA-256 of a key: fast, 128 bits of state, good enough for synthetic data. */
export class Rng {
  private a: number;
  private b: number;
  private c: number;
  private d: number;

  constructor(key: string) {
    const h = createHash('sha256').update(key).digest();
    this.a = h.readUInt32LE(0);
    this.b = h.readUInt32LE(4);
    this.c = h.readUInt32LE(8);
    this.d = h.readUInt32LE(12);
    for (let i = 0; i < 16; i++) this.u32();
  }

  u32(): number {
    const t = (((this.a + this.b) | 0) + this.d) | 0;
    this.d = (this.d + 1) | 0;
    this.a = this.b ^ (this.b >>> 9);
    this.b = (this.c + (this.c << 3)) | 0;
    this.c = (this.c << 21) | (this.c >>> 11);
    this.c = (this.c + t) | 0;
    return t >>> 0;
  }

  next(): number {
    return this.u32() / 4294967296;
  }

  /** An integer in [lo, hi], both inclusive; lo when hi < lo. */
  int(lo: number, hi: number): number {
    return hi <= lo ? lo : lo + Math.floor(this.next() * (hi - lo + 1));
  }

  chance(p: number): boolean {
    return this.next() < p;
  }

  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.next() * items.length)]!;
  }

  normal(): number {
    const u = Math.max(this.next(), 1e-12);
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * this.next());
  }

  shuffle<T>(items: T[]): T[] {
    for (let i = items.length - 1; i > 0; i--) {
      const j = Math.floor(this.next() * (i + 1));
      [items[i], items[j]] = [items[j]!, items[i]!];
    }
    return items;
  }

  /** A valid version 4 uuid (RFC 9562: version nibble 4, variant bits 10) from 122 seeded bits. */
  uuid(): string {
    const a = this.u32();
    const b = this.u32();
    const c = this.u32();
    const d = this.u32();
    return `${hex4(a >>> 16)}${hex4(a & 0xffff)}-${hex4(b >>> 16)}-${hex4((b & 0x0fff) | 0x4000)}-${hex4(((c >>> 16) & 0x3fff) | 0x8000)}-${hex4(c & 0xffff)}${hex4(d >>> 16)}${hex4(d & 0xffff)}`;
  }
}

class Weighted<T> {
  private readonly items: T[];
  private readonly cumulative: number[];
  private readonly total: number;

  constructor(entries: readonly (readonly [T, number])[]) {
    this.items = entries.map((e) => e[0]);
    let sum = 0;
    this.cumulative = entries.map((e) => (sum += e[1]));
    this.total = sum;
  }

  pick(r: Rng): T {
    const x = r.next() * this.total;
    for (let i = 0; i < this.cumulative.length; i++) if (x < this.cumulative[i]!) return this.items[i]!;
    return this.items[this.items.length - 1]!;
  }
}

// ---------------------------------------------------------------------------------------------------------
// Dates: day numbers (days since 1970-01-01, UTC), so no time zone or DST can shift a day.

const DAY_MS = 86_400_000;
export const dayOf = (date: string): number => Date.UTC(Number(date.slice(0, 4)), Number(date.slice(5, 7)) - 1, Number(date.slice(8, 10))) / DAY_MS;
const ISO_BASE = dayOf('1980-01-01');
const isoCache: string[] = [];
export function iso(day: number): string {
  let s = isoCache[day - ISO_BASE];
  if (s === undefined) {
    s = new Date(day * DAY_MS).toISOString().slice(0, 10);
    isoCache[day - ISO_BASE] = s;
  }
  return s;
}
/** ISO weekday: Monday 1 … Sunday 7. Day 0 (1970-01-01) was a Thursday. */
const weekdayOf = (day: number) => ((((day + 3) % 7) + 7) % 7) + 1;
const onOrAfter = (day: number, weekday: number) => {
  while (weekdayOf(day) !== weekday) day++;
  return day;
};
const pad2 = (n: number) => (n < 10 ? `0${n}` : String(n));
const hhmm = (minute: number) => `${pad2(Math.floor(minute / 60))}:${pad2(minute % 60)}`;
/** A timestamptz literal at a minute of a day (UTC). */
const ts = (day: number, minute: number) => `${iso(day)} ${hhmm(minute)}:00+00`;

/** The academic year (calendar year it starts in) for ages and year groups: from 1 September. */
export const academicYearStart = (day: number) => {
  const d = iso(day);
  return Number(d.slice(5, 7)) >= 9 ? Number(d.slice(0, 4)) : Number(d.slice(0, 4)) - 1;
};
/** The academic year as the calendar module counts it: from 1 August (libs/interventions/domain/calendar.ts). */
const calendarYearOf = (day: number) => {
  const d = iso(day);
  return d.slice(4) >= '-08-01' ? Number(d.slice(0, 4)) : Number(d.slice(0, 4)) - 1;
};

// ---------------------------------------------------------------------------------------------------------
// COPY text output

type Val = string | number | boolean | null;
const NEEDS_ESCAPE = /[\\\t\n\r]/;
const ESCAPES: Record<string, string> = { '\\': '\\\\', '\t': '\\t', '\n': '\\n', '\r': '\\r' };
function encode(v: Val): string {
  if (v === null) return '\\N';
  if (v === undefined) throw new Error('seed-scale: a value is undefined');
  if (typeof v === 'string') return NEEDS_ESCAPE.test(v) ? v.replace(/[\\\t\n\r]/g, (c) => ESCAPES[c]!) : v;
  if (typeof v === 'boolean') return v ? 't' : 'f';
  return String(v);
}

/** The columns written to each table, in the order the loader COPYs the tables (parents before children). */
export const TABLES = {
  trusts: ['id', 'name', 'created_at'],
  schools: [
    'id',
    'trust_id',
    'urn',
    'name',
    'phase',
    'la_code',
    'la_name',
    'timezone',
    'created_at',
    'review_interval_weeks',
    'email_signature',
    'senco_name',
    'senco_email',
    'senco_phone',
    'sendiass_name',
    'sendiass_phone',
    'sendiass_url',
  ],
  users: ['id', 'email', 'display_name', 'password_hash', 'is_platform_admin', 'created_at'],
  memberships: ['id', 'school_id', 'user_id', 'role', 'created_at'],
  staff_classes: ['id', 'school_id', 'user_id', 'class_name', 'created_at'],
  pupils: [
    'id',
    'school_id',
    'upn',
    'legal_first_name',
    'legal_last_name',
    'preferred_first_name',
    'preferred_last_name',
    'date_of_birth',
    'year_group',
    'class_name',
    'gender',
    'fsm_eligible',
    'eal',
    'looked_after',
    'admission_date',
    'leaving_date',
    'passport',
    'created_at',
    'updated_at',
  ],
  outbox_events: [
    'id',
    'school_id',
    'type',
    'subject_type',
    'subject_id',
    'payload',
    'correlation_id',
    'occurred_at',
    'relayed_at',
    'processed_at',
    'completed_at',
  ],
  sen_status_entries: [
    'id',
    'school_id',
    'pupil_id',
    'status',
    'start_date',
    'end_date',
    'primary_need',
    'secondary_need',
    'ehc_plan_date',
    'register_since',
    'reason',
    'recorded_by',
    'recorded_at',
    'notice_event_id',
    'parents_notified_at',
  ],
  contacts: [
    'id',
    'school_id',
    'first_name',
    'last_name',
    'email',
    'phone',
    'preferred_channel',
    'user_id',
    'created_at',
    'updated_at',
    'notify_email',
    'notify_in_app',
  ],
  pupil_contacts: ['id', 'school_id', 'pupil_id', 'contact_id', 'relationship', 'parental_responsibility', 'priority', 'created_at'],
  school_terms: ['id', 'school_id', 'academic_year', 'name', 'starts_on', 'ends_on'],
  school_closures: ['id', 'school_id', 'academic_year', 'kind', 'name', 'starts_on', 'ends_on'],
  sen_budgets: ['id', 'school_id', 'academic_year', 'amount_pence', 'updated_at'],
  interventions: [
    'id',
    'school_id',
    'name',
    'area_of_need',
    'description',
    'evidence_notes',
    'frequency_count',
    'frequency_period',
    'session_minutes',
    'group_size',
    'delivering_role',
    'staff_cost_per_hour_pence',
    'resource_cost_pence',
    'suggested_measure',
    'active',
    'created_at',
    'updated_at',
  ],
  intervention_groups: ['id', 'school_id', 'intervention_id', 'name', 'starts_on', 'ends_on', 'location', 'created_by', 'created_at'],
  group_staff: ['id', 'school_id', 'group_id', 'user_id'],
  group_slots: ['id', 'school_id', 'group_id', 'weekday', 'start_time', 'minutes'],
  group_enrolments: [
    'id',
    'school_id',
    'group_id',
    'pupil_id',
    'starts_on',
    'ends_on',
    'measure_name',
    'entry_value',
    'entry_on',
    'exit_value',
    'exit_on',
    'created_at',
  ],
  intervention_sessions: [
    'id',
    'school_id',
    'group_id',
    'date',
    'start_time',
    'minutes',
    'status',
    'cancel_reason',
    'actual_minutes',
    'note',
    'recorded_by',
    'recorded_at',
    'updated_at',
  ],
  session_attendance: ['id', 'school_id', 'session_id', 'pupil_id', 'present', 'absence_reason', 'progress_score', 'observation'],
  plan_cycles: [
    'id',
    'school_id',
    'pupil_id',
    'number',
    'status',
    'opened_on',
    'activated_on',
    'review_date',
    'reviewed_on',
    'closed_on',
    'previous_cycle_id',
    'created_at',
  ],
  plan_versions: [
    'id',
    'school_id',
    'pupil_id',
    'cycle_id',
    'version',
    'status',
    'starts_on',
    'review_date',
    'needs',
    'strengths',
    'attainment',
    'pupil_views',
    'parent_views',
    'home_support',
    'involvement',
    'change_summary',
    'created_by',
    'created_at',
    'updated_at',
    'agreed_on',
    'agreed_by',
    'activated_on',
    'superseded_on',
  ],
  plan_targets: [
    'id',
    'school_id',
    'pupil_id',
    'version_id',
    'position',
    'description',
    'area_of_need',
    'measure',
    'baseline',
    'success_criterion',
    'target_date',
    'carried_from_id',
  ],
  plan_provisions: [
    'id',
    'school_id',
    'pupil_id',
    'version_id',
    'position',
    'description',
    'intervention_id',
    'staff_role',
    'delivered_by',
    'frequency_count',
    'frequency_period',
    'minutes_per_session',
    'group_size',
    'starts_on',
    'ends_on',
  ],
  plan_reviews: [
    'id',
    'school_id',
    'pupil_id',
    'cycle_id',
    'version_id',
    'held_on',
    'due_on',
    'attendees',
    'what_worked',
    'what_did_not_work',
    'parent_views',
    'pupil_views',
    'decision',
    'ehcna_requested_on',
    'recorded_by',
    'created_at',
  ],
  review_outcomes: ['id', 'school_id', 'pupil_id', 'review_id', 'target_id', 'outcome', 'measured_value', 'comment'],
} as const;
export type TableName = keyof typeof TABLES;
export const TABLE_NAMES = Object.keys(TABLES) as TableName[];

const CHUNK_BYTES = 1 << 20;
const TAB = 9;
const NEWLINE = 10;

/**
 * One table's rows for the current batch, as COPY text written straight into Buffers of about 1 MiB (no
 * per-row strings to collect garbage from).
 */
export class TableBuffer {
  rows = 0;
  private chunks: Buffer[] = [];
  private buf = Buffer.allocUnsafe(CHUNK_BYTES);
  private pos = 0;

  constructor(
    readonly table: TableName,
    readonly columns: readonly string[],
  ) {}

  add(values: Val[]): void {
    if (values.length !== this.columns.length) {
      throw new Error(`seed-scale: ${this.table} row has ${values.length} values for ${this.columns.length} columns`);
    }
    for (let i = 0; i < values.length; i++) {
      const text = encode(values[i]!);
      // Worst case 3 bytes a UTF-16 unit, plus the separator.
      if (this.pos + text.length * 3 + 1 > this.buf.length) this.grow(text.length * 3 + 1);
      if (i > 0) this.buf[this.pos++] = TAB;
      this.pos += this.buf.write(text, this.pos, 'utf8');
    }
    if (this.pos + 1 > this.buf.length) this.grow(1);
    this.buf[this.pos++] = NEWLINE;
    this.rows++;
  }

  /** Starts a new chunk, carrying over the unfinished row. */
  private grow(need: number): void {
    const start = this.rowStart();
    const next = Buffer.allocUnsafe(Math.max(CHUNK_BYTES, this.pos - start + need));
    this.buf.copy(next, 0, start, this.pos);
    if (start > 0) this.chunks.push(this.buf.subarray(0, start));
    this.pos -= start;
    this.buf = next;
  }

  private rowStart(): number {
    if (this.pos === 0) return 0;
    const i = this.buf.lastIndexOf(NEWLINE, this.pos - 1);
    return i < 0 ? 0 : i + 1;
  }

  /** The buffered text, emptied. */
  take(): Buffer[] {
    if (this.pos > 0) this.chunks.push(this.buf.subarray(0, this.pos));
    const out = this.chunks;
    this.chunks = [];
    this.buf = Buffer.allocUnsafe(CHUNK_BYTES);
    this.pos = 0;
    return out;
  }
}

export type Sinks = Record<TableName, TableBuffer>;
export const newSinks = (): Sinks => Object.fromEntries(TABLE_NAMES.map((t) => [t, new TableBuffer(t, TABLES[t])])) as unknown as Sinks;

// ---------------------------------------------------------------------------------------------------------
// Fixed lists. First names are common ones; surnames are made up from obviously synthetic parts, so no
// generated name is a real person's.

const BOYS = [
  'Oliver',
  'Noah',
  'George',
  'Arthur',
  'Leo',
  'Muhammad',
  'Harry',
  'Oscar',
  'Archie',
  'Henry',
  'Theo',
  'Jack',
  'Charlie',
  'Freddie',
  'Alfie',
  'Finley',
  'Thomas',
  'Isaac',
  'Lucas',
  'Jacob',
  'Ethan',
  'Mason',
  'Adam',
  'Yusuf',
  'Reuben',
  'Samuel',
  'Joshua',
  'Ezra',
  'Max',
  'Rory',
  'Dylan',
  'Kai',
  'Ibrahim',
  'Tommy',
  'Louie',
  'Albie',
  'Harrison',
  'Jude',
  'Ronnie',
  'Zain',
];
const GIRLS = [
  'Olivia',
  'Amelia',
  'Isla',
  'Ava',
  'Ivy',
  'Freya',
  'Lily',
  'Florence',
  'Mia',
  'Willow',
  'Rosie',
  'Sophia',
  'Isabella',
  'Grace',
  'Daisy',
  'Sienna',
  'Poppy',
  'Elsie',
  'Emily',
  'Ella',
  'Evelyn',
  'Phoebe',
  'Sofia',
  'Evie',
  'Charlotte',
  'Harper',
  'Matilda',
  'Maya',
  'Aisha',
  'Zara',
  'Ruby',
  'Millie',
  'Esme',
  'Layla',
  'Hannah',
  'Maryam',
  'Erin',
  'Nancy',
  'Alice',
  'Iris',
];
const WOMEN = [
  'Sarah',
  'Emma',
  'Laura',
  'Rachel',
  'Gemma',
  'Hayley',
  'Kelly',
  'Natalie',
  'Zoe',
  'Amy',
  'Fatima',
  'Priya',
  'Joanne',
  'Claire',
  'Leanne',
  'Nadia',
  'Helen',
  'Michelle',
  'Kirsty',
  'Aaliyah',
];
const MEN = [
  'James',
  'Daniel',
  'Matthew',
  'Christopher',
  'Mark',
  'Paul',
  'Andrew',
  'Craig',
  'Lee',
  'Imran',
  'Ryan',
  'Stuart',
  'Wayne',
  'Gareth',
  'Tariq',
  'Michael',
  'Richard',
  'Darren',
  'Dean',
  'Omar',
];
const SURNAME_HEADS = ['Test', 'Sample', 'Mock', 'Demo', 'Proto', 'Dummy', 'Stub', 'Trial', 'Fixture', 'Placeholder', 'Synth', 'Specimen'];
const SURNAME_TAILS = ['ford', 'well', 'by', 'ton', 'wood', 'field', 'more', 'stone', 'bridge', 'dale', 'worth', 'ley'];
const PLACE_HEADS = [
  'Ash',
  'Bram',
  'Cole',
  'Elm',
  'Fen',
  'Hol',
  'Kings',
  'Lark',
  'Mill',
  'Oak',
  'Ridge',
  'Stone',
  'Thorn',
  'Wil',
  'Brook',
  'Cran',
  'Dun',
  'Fair',
  'Glen',
  'Hazel',
];
const PLACE_TAILS = ['bury', 'combe', 'field', 'ford', 'ham', 'hurst', 'ley', 'mere', 'stead', 'ton', 'wick', 'worth', 'brook', 'dale', 'gate'];
const SPECIAL_CLASSES = [
  'Oak',
  'Ash',
  'Birch',
  'Cedar',
  'Elm',
  'Hazel',
  'Holly',
  'Maple',
  'Rowan',
  'Willow',
  'Beech',
  'Alder',
  'Larch',
  'Pine',
  'Yew',
  'Juniper',
  'Poplar',
  'Spruce',
  'Aspen',
  'Lime',
  'Hawthorn',
  'Chestnut',
  'Sycamore',
  'Walnut',
  'Cherry',
  'Hornbeam',
  'Linden',
  'Olive',
  'Laurel',
  'Myrtle',
];
/** DfE local authority numbers and names (public reference data). */
const LAS: readonly (readonly [string, string])[] = [
  ['202', 'Camden'],
  ['204', 'Hackney'],
  ['208', 'Lambeth'],
  ['209', 'Lewisham'],
  ['210', 'Southwark'],
  ['211', 'Tower Hamlets'],
  ['302', 'Barnet'],
  ['304', 'Brent'],
  ['306', 'Croydon'],
  ['307', 'Ealing'],
  ['330', 'Birmingham'],
  ['331', 'Coventry'],
  ['336', 'Wolverhampton'],
  ['341', 'Liverpool'],
  ['344', 'Wirral'],
  ['350', 'Bolton'],
  ['352', 'Manchester'],
  ['355', 'Salford'],
  ['356', 'Stockport'],
  ['373', 'Sheffield'],
  ['380', 'Bradford'],
  ['383', 'Leeds'],
  ['384', 'Wakefield'],
  ['391', 'Newcastle upon Tyne'],
  ['394', 'Sunderland'],
  ['801', 'Bristol'],
  ['825', 'Buckinghamshire'],
  ['830', 'Derbyshire'],
  ['850', 'Hampshire'],
  ['855', 'Leicestershire'],
  ['873', 'Cambridgeshire'],
  ['878', 'Devon'],
  ['881', 'Essex'],
  ['886', 'Kent'],
  ['888', 'Lancashire'],
  ['891', 'Nottinghamshire'],
  ['925', 'Lincolnshire'],
  ['926', 'Norfolk'],
  ['935', 'Suffolk'],
  ['936', 'Surrey'],
];

/** One argon2id hash (OWASP options, as libs/auth/secrets.ts) of SCALE_PASSWORD, shared by every user so loading never hashes. */
export const SCALE_PASSWORD = 'scale-password-2026';
const SCALE_PASSWORD_HASH = '$argon2id$v=19$m=19456,t=2,p=1$YPKbTWSqHtJWw5m1uZ/CMw$i3UZs5UyEeROk8Qq419KmzLung6jrlD2Cd16xvAfvaI';
export const EMAIL_DOMAIN = 'scale.invalid';
/** Synthetic schools have URNs 900000 + their global number, below the demo school's 999001. */
export const URN_BASE = 900_000;
export const MAX_SCHOOLS = 99_000;

// ---------------------------------------------------------------------------------------------------------
// SEN: rates and need mixes (docs/domain.md, "National figures"; the mixes are that page's estimates)

type Phase = 'primary' | 'secondary' | 'special';
type Status = 'N' | 'monitoring' | 'K' | 'E';

const NEEDS_K_PRIMARY = new Weighted<NeedCode>([
  ['SLCN', 32],
  ['SEMH', 20],
  ['MLD', 15],
  ['SPLD', 9],
  ['ASD', 7],
  ['NSA', 5],
  ['OTH', 4],
  ['PD', 3],
  ['HI', 2],
  ['VI', 1],
  ['SLD', 1],
  ['MSI', 0.3],
  ['PMLD', 0.3],
  ['DS', 0.4],
]);
const NEEDS_K_SECONDARY = new Weighted<NeedCode>([
  ['SLCN', 12],
  ['SEMH', 26],
  ['MLD', 15],
  ['SPLD', 23],
  ['ASD', 8],
  ['NSA', 4],
  ['OTH', 4],
  ['PD', 3],
  ['HI', 2],
  ['VI', 1],
  ['SLD', 1],
  ['MSI', 0.3],
  ['PMLD', 0.3],
  ['DS', 0.4],
]);
const NEEDS_E_MAINSTREAM = new Weighted<NeedCode>([
  ['ASD', 36],
  ['SEMH', 20],
  ['SLCN', 20],
  ['MLD', 9],
  ['PD', 4],
  ['SLD', 3],
  ['SPLD', 3],
  ['HI', 2],
  ['OTH', 1.5],
  ['VI', 1],
  ['PMLD', 0.5],
  ['DS', 0.5],
]);
const NEEDS_E_SPECIAL = new Weighted<NeedCode>([
  ['ASD', 35],
  ['SLD', 20],
  ['SEMH', 12],
  ['MLD', 10],
  ['PMLD', 8],
  ['SLCN', 6],
  ['PD', 4],
  ['DS', 2],
  ['HI', 1],
  ['VI', 1],
  ['MSI', 0.5],
  ['OTH', 0.5],
]);
/** Common pairs (ASD+SEMH, SLCN+SEMH, MLD+SLCN) weigh most. */
const SECOND_NEEDS: Partial<Record<NeedCode, Weighted<NeedCode>>> = {
  ASD: new Weighted<NeedCode>([
    ['SEMH', 45],
    ['SLCN', 40],
    ['MLD', 15],
  ]),
  SEMH: new Weighted<NeedCode>([
    ['ASD', 30],
    ['SLCN', 30],
    ['SPLD', 20],
    ['MLD', 20],
  ]),
  SLCN: new Weighted<NeedCode>([
    ['SEMH', 40],
    ['MLD', 30],
    ['ASD', 30],
  ]),
  MLD: new Weighted<NeedCode>([
    ['SLCN', 50],
    ['SEMH', 30],
    ['SPLD', 20],
  ]),
  SPLD: new Weighted<NeedCode>([
    ['SEMH', 40],
    ['SLCN', 30],
    ['MLD', 30],
  ]),
};
const SECOND_OTHER = new Weighted<NeedCode>([
  ['SLCN', 30],
  ['SEMH', 40],
  ['MLD', 30],
]);
const NEED_AREA: Record<NeedCode, AreaOfNeed> = {
  SPLD: 'cognition_and_learning',
  MLD: 'cognition_and_learning',
  SLD: 'cognition_and_learning',
  PMLD: 'cognition_and_learning',
  SEMH: 'social_emotional_mental_health',
  SLCN: 'communication_and_interaction',
  ASD: 'communication_and_interaction',
  HI: 'sensory_and_physical',
  VI: 'sensory_and_physical',
  MSI: 'sensory_and_physical',
  PD: 'sensory_and_physical',
  // DS, OTH and NSA belong to no single area; a plan still describes the need under the nearest one.
  DS: 'cognition_and_learning',
  OTH: 'sensory_and_physical',
  NSA: 'cognition_and_learning',
};
/** SEN prevalence by year group relative to the school's rate: low in the early years, a peak around age 9. */
const YEAR_FACTOR: Record<number, number> = {
  [-2]: 0.45,
  [-1]: 0.55,
  0: 0.7,
  1: 0.9,
  2: 1.0,
  3: 1.1,
  4: 1.15,
  5: 1.15,
  6: 1.1,
  7: 1.1,
  8: 1.05,
  9: 1.0,
  10: 0.95,
  11: 0.9,
  12: 0.6,
  13: 0.55,
};
const ESTIMATE = 'estimated national need mix, docs/domain.md';

const NEED_TEXT: Record<NeedCode, string> = {
  SLCN: 'Finds longer instructions hard to follow and struggles to find the words to explain ideas.',
  SEMH: 'Becomes anxious at transitions and unstructured times; can withdraw or leave the classroom.',
  MLD: 'Learns new concepts slowly and needs much repetition; working well below age-related expectations.',
  SPLD: 'Decoding and spelling far below peers despite good verbal reasoning; slow handwriting.',
  ASD: 'Finds social communication and changes to routine difficult; sensitive to noise.',
  HI: 'Moderate hearing loss; wears hearing aids and needs a radio aid in class.',
  VI: 'Visual impairment; needs enlarged print and a seat near the board.',
  MSI: 'Combined hearing and visual impairment; needs adapted materials and a familiar adult.',
  PD: 'Physical disability affecting fine and gross motor skills; uses adapted equipment.',
  SLD: 'Severe learning difficulty; needs a highly adapted curriculum and support for personal care.',
  PMLD: 'Profound and multiple learning difficulties; communicates through objects of reference and gesture.',
  DS: 'Down syndrome; learns well visually and needs support with speech and number.',
  OTH: 'A medical condition affecting stamina and attendance; needs rest breaks.',
  NSA: 'Making slower progress than peers; the type of need is still being assessed.',
};
const PASSPORTS: Record<AreaOfNeed, string[]> = {
  communication_and_interaction: [
    'Give one instruction at a time and check understanding.',
    'Use a visual timetable and warn before changes.',
    'Allow thinking time before expecting an answer.',
  ],
  cognition_and_learning: [
    'Provide word mats and worked examples.',
    'Break tasks into small steps with a checklist.',
    'Use coloured overlays and a larger font.',
  ],
  social_emotional_mental_health: [
    'Offer a quiet space and a time-out card.',
    'Meet and greet at the door each morning.',
    'Praise privately rather than in front of the class.',
  ],
  sensory_and_physical: ['Seat near the front, away from the door.', 'Provide a sloped board and pencil grip.', 'Allow movement breaks between tasks.'],
};

interface TargetTemplate {
  description: string;
  measure: string;
  baseline: (r: Rng) => [string, number];
  success: string;
  /** The value measured at review, from the baseline number and how it went (0 not at all … 1 fully). */
  measured: (base: number, progress: number) => string;
}
const ofN = (n: number, of: number, unit: string) => `${Math.max(0, Math.min(of, Math.round(n)))} of ${of} ${unit}`;
const TARGETS: Record<AreaOfNeed, TargetTemplate[]> = {
  cognition_and_learning: [
    {
      description: 'Read the first 100 high-frequency words accurately',
      measure: 'Weekly check with the teaching assistant',
      baseline: (r) => {
        const n = r.int(15, 55);
        return [ofN(n, 100, 'words'), n];
      },
      success: '80 of 100 words on two checks in a row',
      measured: (b, p) => ofN(b + (80 - b) * p, 100, 'words'),
    },
    {
      description: 'Recall number bonds to 10 fluently',
      measure: 'One-minute timed probe, charted daily',
      baseline: (r) => {
        const n = r.int(3, 10);
        return [`${n} correct per minute`, n];
      },
      success: '20 correct per minute',
      measured: (b, p) => `${Math.round(b + (20 - b) * p)} correct per minute`,
    },
    {
      description: 'Spell 20 statutory words in dictated sentences',
      measure: 'Dictation check every two weeks',
      baseline: (r) => {
        const n = r.int(2, 8);
        return [ofN(n, 20, 'words'), n];
      },
      success: '14 of 20 words',
      measured: (b, p) => ofN(b + (14 - b) * p, 20, 'words'),
    },
    {
      description: 'Write three linked sentences with capital letters and full stops',
      measure: 'Independent writing sampled weekly',
      baseline: (r) => {
        const n = r.int(0, 2);
        return [ofN(n, 5, 'pieces'), n];
      },
      success: '4 of 5 pieces of independent writing',
      measured: (b, p) => ofN(b + (4 - b) * p, 5, 'pieces'),
    },
    {
      description: 'Read a book at the next colour band with 95% accuracy',
      measure: 'Running record each half term',
      baseline: (r) => {
        const n = r.int(80, 90);
        return [`${n}% accuracy`, n];
      },
      success: '95% accuracy',
      measured: (b, p) => `${Math.round(b + (95 - b) * p)}% accuracy`,
    },
  ],
  communication_and_interaction: [
    {
      description: 'Follow two-part instructions in class without a reminder',
      measure: 'Observation in five lessons',
      baseline: (r) => {
        const n = r.int(1, 4);
        return [ofN(n, 10, 'instructions'), n];
      },
      success: '8 of 10 instructions',
      measured: (b, p) => ofN(b + (8 - b) * p, 10, 'instructions'),
    },
    {
      description: 'Take turns in a structured game with two peers',
      measure: 'Observation in the weekly group',
      baseline: (r) => {
        const n = r.int(0, 2);
        return [ofN(n, 5, 'sessions'), n];
      },
      success: '4 of 5 sessions',
      measured: (b, p) => ofN(b + (4 - b) * p, 5, 'sessions'),
    },
    {
      description: 'Ask an adult for help using the agreed card or phrase',
      measure: 'Tally kept by the class team over a week',
      baseline: (r) => {
        const n = r.int(0, 3);
        return [ofN(n, 10, 'occasions'), n];
      },
      success: '7 of 10 occasions',
      measured: (b, p) => ofN(b + (7 - b) * p, 10, 'occasions'),
    },
    {
      description: 'Retell a short story in sequence using time connectives',
      measure: 'Recorded retell each half term',
      baseline: (r) => {
        const n = r.int(1, 3);
        return [`${n} of 6 story steps`, n];
      },
      success: '5 of 6 story steps',
      measured: (b, p) => `${Math.round(b + (5 - b) * p)} of 6 story steps`,
    },
  ],
  social_emotional_mental_health: [
    {
      description: 'Use the agreed calm-down plan when upset',
      measure: 'Incident log kept by the class team',
      baseline: (r) => {
        const n = r.int(1, 3);
        return [ofN(n, 10, 'occasions'), n];
      },
      success: '7 of 10 occasions',
      measured: (b, p) => ofN(b + (7 - b) * p, 10, 'occasions'),
    },
    {
      description: 'Stay in class for the whole of morning lessons',
      measure: 'Daily register of time out of class',
      baseline: (r) => {
        const n = r.int(1, 3);
        return [ofN(n, 5, 'mornings a week'), n];
      },
      success: '5 of 5 mornings a week',
      measured: (b, p) => ofN(b + (5 - b) * p, 5, 'mornings a week'),
    },
    {
      description: 'Name three emotions and what helps with each',
      measure: 'Rating scale 1–5 at the end of each ELSA session',
      baseline: (r) => {
        const n = r.int(1, 2);
        return [`rated ${n} of 5`, n];
      },
      success: 'rated 4 of 5',
      measured: (b, p) => `rated ${Math.round(b + (4 - b) * p)} of 5`,
    },
    {
      description: 'Join a structured playground game at lunchtime',
      measure: 'Lunchtime supervisor observation, twice a week',
      baseline: (r) => {
        const n = r.int(0, 1);
        return [ofN(n, 5, 'days'), n];
      },
      success: '3 of 5 days',
      measured: (b, p) => ofN(b + (3 - b) * p, 5, 'days'),
    },
  ],
  sensory_and_physical: [
    {
      description: 'Write independently for 10 minutes using a sloped board and pencil grip',
      measure: 'Timed in two lessons a week',
      baseline: (r) => {
        const n = r.int(2, 5);
        return [`${n} minutes`, n];
      },
      success: '10 minutes',
      measured: (b, p) => `${Math.round(b + (10 - b) * p)} minutes`,
    },
    {
      description: 'Settle to work within 5 minutes of arriving after sensory circuits',
      measure: 'Daily log by the class teaching assistant',
      baseline: (r) => {
        const n = r.int(0, 2);
        return [ofN(n, 5, 'mornings'), n];
      },
      success: '4 of 5 mornings',
      measured: (b, p) => ofN(b + (4 - b) * p, 5, 'mornings'),
    },
    {
      description: 'Check and set up own hearing or vision equipment at the start of lessons',
      measure: 'Teacher check in each lesson for a week',
      baseline: (r) => {
        const n = r.int(1, 4);
        return [ofN(n, 10, 'lessons'), n];
      },
      success: '9 of 10 lessons',
      measured: (b, p) => ofN(b + (9 - b) * p, 10, 'lessons'),
    },
  ],
};
const VAGUE_TARGETS = ['Will become more confident', 'Will improve reading', 'Will behave better in class', 'Will try harder with writing'];

interface ProvisionTemplate {
  description: string;
  staffRole: string;
  count: number;
  period: string;
  minutes: number;
  group: number;
}
const PROVISIONS: Record<AreaOfNeed, ProvisionTemplate[]> = {
  cognition_and_learning: [
    { description: 'Pre-teaching of key vocabulary before lessons', staffRole: 'teaching_assistant', count: 2, period: 'week', minutes: 15, group: 4 },
    { description: 'Small-group phonics catch-up', staffRole: 'teaching_assistant', count: 1, period: 'day', minutes: 20, group: 4 },
    { description: 'Overlearning of number facts with concrete resources', staffRole: 'teaching_assistant', count: 3, period: 'week', minutes: 10, group: 2 },
    {
      description: 'Adapted tasks and word mats in lessons, planned by the class teacher',
      staffRole: 'class_teacher',
      count: 1,
      period: 'day',
      minutes: 10,
      group: 1,
    },
  ],
  communication_and_interaction: [
    { description: 'Speech and language programme set by the therapist', staffRole: 'teaching_assistant', count: 3, period: 'week', minutes: 15, group: 1 },
    { description: 'Visual timetable and now/next board, checked each morning', staffRole: 'class_teacher', count: 1, period: 'day', minutes: 5, group: 1 },
    { description: 'Social communication group', staffRole: 'teaching_assistant', count: 1, period: 'week', minutes: 30, group: 4 },
    {
      description: 'Speech and language therapy assessment and advice',
      staffRole: 'speech_and_language_therapist',
      count: 1,
      period: 'half_term',
      minutes: 45,
      group: 1,
    },
  ],
  social_emotional_mental_health: [
    { description: 'Daily check-in with a trusted adult', staffRole: 'teaching_assistant', count: 1, period: 'day', minutes: 10, group: 1 },
    { description: 'Time-out card and access to a calm space', staffRole: 'class_teacher', count: 1, period: 'day', minutes: 10, group: 1 },
    { description: 'Mentoring with the pastoral lead', staffRole: 'other', count: 1, period: 'week', minutes: 30, group: 1 },
    {
      description: 'Support from the mental health support team',
      staffRole: 'mental_health_practitioner',
      count: 1,
      period: 'fortnight',
      minutes: 40,
      group: 1,
    },
  ],
  sensory_and_physical: [
    { description: 'Fine motor skills programme', staffRole: 'teaching_assistant', count: 3, period: 'week', minutes: 15, group: 3 },
    { description: 'Physiotherapy exercises set by the physiotherapist', staffRole: 'teaching_assistant', count: 2, period: 'week', minutes: 20, group: 1 },
    { description: 'Specialist teacher visit for sensory impairment', staffRole: 'specialist_teacher', count: 1, period: 'half_term', minutes: 60, group: 1 },
    { description: 'Occupational therapy review and advice', staffRole: 'occupational_therapist', count: 1, period: 'term', minutes: 60, group: 1 },
  ],
};
const STRENGTHS = [
  'Kind and helpful to others; enjoys practical tasks.',
  'Articulate in discussion; loves science and animals.',
  'Good visual memory; enjoys art and building models.',
  'Works hard and responds well to praise.',
  'Confident with computers; likes to be given responsibility.',
];
const ATTAINMENT = [
  'Working below age-related expectations in reading and writing.',
  'Reading age about 18 months below chronological age.',
  'Working at expected standard in maths, below in English.',
  'Working well below age-related expectations across the curriculum.',
  'Attainment in line with peers; barriers are social and emotional.',
];
const PUPIL_VIEWS = [
  'I like working with the teaching assistant because she helps me.',
  'I find it hard when the classroom is noisy.',
  'I want to get better at reading on my own.',
  'I like my calm card; it helps me.',
  'Maths is my favourite.',
];
const PARENT_VIEWS = [
  'Homework takes a long time and ends in tears.',
  'Happy with the support; would like more updates.',
  'Mornings are difficult; anxious about coming to school.',
  'Has made good progress this year.',
  'Would like more help with reading at home.',
];
const HOME_SUPPORT = [
  'Ten minutes of shared reading, five evenings a week.',
  'Practise number bonds with the game sent home.',
  'Use the same visual timetable at weekends.',
  'Talk through the next day each evening.',
];
const WHAT_WORKED = [
  'Daily short sessions with the same adult.',
  'Pre-teaching vocabulary before lessons.',
  'The visual timetable and calm space.',
  'Small-group work with two friends.',
  'Precision teaching of high-frequency words.',
];
const WHAT_DID_NOT_WORK = [
  'Sessions were often cancelled when staff were covering classes.',
  'Spelling lists without dictation practice.',
  'Afternoon sessions: too tired after lunch.',
  'Group was too large for the pupil to take part.',
  null,
  null,
];
const COMMENTS = [
  'Secure in the group; not yet in class.',
  'Needs more time: attendance dipped this half term.',
  'Good progress; consolidate next cycle.',
  null,
  null,
  null,
];
const CANCEL_REASONS = new Weighted<string>([
  ['staff_absence', 35],
  ['school_event', 25],
  ['pupil_absence', 15],
  ['room_unavailable', 10],
  ['other', 15],
]);
const ABSENCE_REASONS = new Weighted<string>([
  ['absent_from_school', 60],
  ['withdrawn_by_teacher', 20],
  ['refused', 10],
  ['other', 10],
]);
const PROGRESS_SCORES = new Weighted<number>([
  [1, 5],
  [2, 15],
  [3, 35],
  [4, 30],
  [5, 15],
]);
const FIRST_CONTACT = new Weighted<[string, string, boolean]>([
  [['mother', 'F', true], 72],
  [['father', 'M', true], 14],
  [['parent', 'F', true], 5],
  [['guardian', 'F', true], 3],
  [['grandparent', 'F', false], 3],
  [['carer', 'F', true], 3],
]);
const SECOND_CONTACT = new Weighted<[string, string, boolean]>([
  [['father', 'M', true], 70],
  [['mother', 'F', true], 10],
  [['step_parent', 'M', false], 10],
  [['grandparent', 'F', false], 10],
]);
const CHANNELS = new Weighted<string>([
  ['email', 80],
  ['sms', 8],
  ['phone', 5],
  ['post', 7],
]);
/** About 75% primary, 20% secondary, 5% special: with the sizes below, about 400 pupils a school on average (England: some 9–10 million in 24,000 schools). */
/** Every 400th school (global number 0, 400, …) is a large secondary: about 60 at the size of England. */
export const LARGE_SCHOOL_EVERY = 400;
const PHASES = new Weighted<Phase>([
  ['primary', 75],
  ['secondary', 20],
  ['special', 5],
]);
/** A school's review interval (schools.review_interval_weeks, 6–12): docs/domain.md, "Everyday practice": reviews every 6–12 weeks. */
const REVIEW_WEEKS = new Weighted<number>([
  [12, 55],
  [10, 15],
  [8, 20],
  [6, 10],
]);
const OUTCOMES = new Weighted<string>([
  ['achieved', 40],
  ['partly_achieved', 35],
  ['not_achieved', 25],
]);

// ---------------------------------------------------------------------------------------------------------
// A school, generated

export interface RunContext {
  seed: string;
  today: number;
  /** Trust plan by the school's position in the run (null: a standalone school). */
  trusts: (TrustPlan | null)[];
}

export interface TrustPlan {
  /** Position of the trust's first school: the trust row is written with it. */
  first: number;
  name: string;
}

/** Which schools belong to multi-academy trusts: runs of 3–12 consecutive schools, about half of them. */
export function planTrusts(seed: string, schools: number): (TrustPlan | null)[] {
  const r = new Rng(`${seed}:trusts`);
  const out: (TrustPlan | null)[] = [];
  while (out.length < schools) {
    if (r.chance(0.12)) {
      const size = r.int(3, 12);
      const plan: TrustPlan = { first: out.length, name: `${r.pick(PLACE_HEADS)}${r.pick(PLACE_TAILS)} Learning Trust` };
      for (let i = 0; i < size && out.length < schools; i++) out.push(plan);
    } else {
      out.push(null);
    }
  }
  return out;
}

export interface SchoolSummary {
  id: string;
  urn: string;
  phase: Phase;
  pupils: number;
}

interface Staff {
  id: string;
  name: string;
  role: 'senco' | 'head' | 'teacher';
  ta: boolean;
}

interface Enrolment {
  groupId: string;
  intervention: Intervention;
  startsOn: number;
  endsOn: number | null;
}

interface Pupil {
  id: string;
  first: string;
  last: string;
  gender: 'M' | 'F';
  yg: number;
  cls: string;
  dob: number;
  adm: number;
  fsm: boolean;
  eal: boolean;
  lac: boolean;
  status: Status;
  primary: NeedCode | null;
  secondary: NeedCode | null;
  /** Start of the unbroken time on the register (K or E), for the current K/E pupils. */
  registerSince: number | null;
  upn: string;
  /** A pupil who had SEN support once and no longer does: the period it lasted and the need. */
  formerK: { start: number; end: number; need: NeedCode } | null;
  enrolments: Enrolment[];
}

interface Intervention {
  id: string;
  entry: CatalogueEntry;
}

/** A target not achieved at a review, carried into the next cycle. */
interface Carried {
  id: string;
  template: TargetTemplate | null;
  description: string;
  area: AreaOfNeed;
  measured: string;
}

interface Entry {
  status: Status;
  start: number;
  end: number | null;
  primary: NeedCode | null;
  secondary: NeedCode | null;
  ehc: number | null;
  reason: string;
}

/** What the generator produced for one school. */
export function generateSchool(ctx: RunContext, position: number, globalNumber: number, out: Sinks): SchoolSummary {
  const g = new SchoolGenerator(ctx, position, globalNumber, out);
  return g.run();
}

class SchoolGenerator {
  /** Content: everything that decides what and how many rows. */
  private readonly r: Rng;
  /** Identity: uuids only. */
  private readonly u: Rng;
  private readonly T: number;
  private readonly A: number;
  private readonly schoolId: string;
  private readonly urn: string;
  private phase: Phase = 'primary';
  private get large(): boolean {
    return this.globalNumber % LARGE_SCHOOL_EVERY === 0;
  }
  private staff: Staff[] = [];
  private senco!: Staff;
  private pupils: Pupil[] = [];
  private interventions: Intervention[] = [];
  private openDay: Uint8Array = new Uint8Array(0);
  private openBase = 0;
  private reviewWeeks = 12;

  constructor(
    private readonly ctx: RunContext,
    private readonly position: number,
    private readonly globalNumber: number,
    private readonly out: Sinks,
  ) {
    this.r = new Rng(`${ctx.seed}:content:${position}`);
    this.u = new Rng(`${ctx.seed}:ids:${globalNumber}`);
    this.T = ctx.today;
    this.A = academicYearStart(ctx.today);
    this.schoolId = this.u.uuid();
    this.urn = String(URN_BASE + globalNumber);
  }

  run(): SchoolSummary {
    const r = this.r;
    this.phase = PHASES.pick(r);
    // One school in every LARGE_SCHOOL_EVERY (global number 0, 400, …, whichever run makes it) is a 12-form-entry secondary
    // with a sixth form, about 2,000 pupils (2,011 for seed 1), as England's largest are: the benchmark reports on one.
    if (this.large) this.phase = 'secondary';
    const [laCode, laName] = r.pick(LAS);
    const place = `${r.pick(PLACE_HEADS)}${r.pick(PLACE_TAILS)}`;
    const name =
      this.phase === 'primary'
        ? `${place} ${r.pick(['Primary School', 'Primary School', 'Primary Academy', 'Church of England Primary School', 'Community Primary School', 'Infant and Junior School'])}`
        : this.phase === 'secondary'
          ? `${place} ${r.pick(['Academy', 'High School', 'School', 'Community College', 'Secondary School'])}`
          : `${place} ${r.pick(['School', 'Special School', 'Academy'])}`;
    this.reviewWeeks = REVIEW_WEEKS.pick(r);
    const established = this.T - r.int(400, 900);

    // Trust, written with its first school.
    const trust = this.ctx.trusts[this.position] ?? null;
    let trustId: string | null = null;
    if (trust) {
      const firstNumber = this.globalNumber - (this.position - trust.first);
      trustId = new Rng(`${this.ctx.seed}:trust:${firstNumber}`).uuid();
      if (trust.first === this.position) this.out.trusts.add([trustId, trust.name, ts(established - 30, 540)]);
    }

    this.makeStaff();
    const senco = this.senco;
    this.out.schools.add([
      this.schoolId,
      trustId,
      this.urn,
      name,
      this.phase,
      laCode,
      laName,
      'Europe/London',
      ts(established, 540),
      this.reviewWeeks,
      `${senco.name}, SENCO, ${name}`,
      senco.name,
      this.email('senco'),
      `0161 496 0${String(this.globalNumber % 1000).padStart(3, '0')}`,
      `${laName} SENDIASS (fictional)`,
      `0161 496 0${String((this.globalNumber + 500) % 1000).padStart(3, '0')}`,
      'https://www.example.org/sendiass',
    ]);
    for (const s of this.staff) {
      this.out.users.add([
        s.id,
        this.email(
          s.role === 'teacher' ? `${s.ta ? 'ta' : 'teacher'}${this.staff.filter((x) => x.role === 'teacher' && x.ta === s.ta).indexOf(s) + 1}` : s.role,
        ),
        s.name,
        SCALE_PASSWORD_HASH,
        false,
        ts(established, 600),
      ]);
      this.out.memberships.add([this.u.uuid(), this.schoolId, s.id, s.role, ts(established, 600)]);
    }

    // Mean about 22% (FSM, no SEN) and 20% (EAL) nationally; schools vary widely.
    const fsmBase = Math.min(0.65, Math.max(0.03, 0.21 * Math.exp(0.5 * r.normal())));
    const ealBase = Math.min(0.8, Math.max(0, 0.14 * Math.exp(0.8 * r.normal())));
    const classes = this.makePupils(fsmBase, ealBase, laCode);
    this.assignClasses(classes, established);
    this.makeCalendar();
    this.out.sen_budgets.add([
      this.u.uuid(),
      this.schoolId,
      calendarYearOf(this.T),
      (this.phase === 'secondary' ? r.int(150, 450) : r.int(40, 160)) * 100_000,
      ts(this.T - r.int(20, 80), 600),
    ]);
    this.makeInterventions(established);
    this.makeGroups();
    for (const p of this.pupils) this.emitPupil(p);
    for (const p of this.pupils) this.emitPlans(p);
    return { id: this.schoolId, urn: this.urn, phase: this.phase, pupils: this.pupils.length };
  }

  private email(local: string): string {
    return `${local}.${this.urn}@${EMAIL_DOMAIN}`;
  }

  private surname(): string {
    return `${this.r.pick(SURNAME_HEADS)}${this.r.pick(SURNAME_TAILS)}`;
  }

  private makeStaff(): void {
    const r = this.r;
    const person = (role: Staff['role'], ta = false): Staff => {
      const woman = r.chance(ta ? 0.9 : 0.75);
      return { id: this.u.uuid(), name: `${r.pick(woman ? WOMEN : MEN)} ${this.surname()}`, role, ta };
    };
    this.senco = person('senco');
    this.staff.push(this.senco, person('head'));
    const teachers = this.phase === 'primary' ? r.int(7, 12) : this.phase === 'secondary' ? 12 : r.int(8, 12);
    const tas = this.phase === 'special' ? r.int(5, 8) : r.int(2, 5);
    for (let i = 0; i < teachers; i++) this.staff.push(person('teacher'));
    for (let i = 0; i < tas; i++) this.staff.push(person('teacher', true));
  }

  /** Pupils by year group, with their SEN status decided; returns the class names. */
  private makePupils(fsmBase: number, ealBase: number, laCode: string): string[] {
    const r = this.r;
    const years: [number, number][] = [];
    const classNames: string[] = [];
    const classesOf = new Map<number, string[]>();
    if (this.phase === 'primary') {
      const fe = new Weighted<number>([
        [1, 45],
        [1.5, 17],
        [2, 32],
        [3, 6],
      ]).pick(r);
      const fill = 0.85 + 0.15 * r.next();
      if (r.chance(0.3)) years.push([-1, r.int(16, 30)]);
      for (let y = 0; y <= 6; y++) years.push([y, Math.max(8, Math.round(fe * 30 * fill) + r.int(-3, 3))]);
      for (const [y, n] of years) {
        const k = y === -1 ? 1 : Math.ceil(n / 31);
        classesOf.set(
          y,
          Array.from({ length: k }, (_, i) => (y === -1 ? 'N' : `${y === 0 ? 'R' : y}${'ABCD'[i]}`)),
        );
      }
    } else if (this.phase === 'secondary') {
      const picked = new Weighted<number>([
        [5, 25],
        [6, 30],
        [7, 25],
        [8, 12],
        [9, 8],
      ]).pick(r);
      const fill = 0.85 + 0.15 * r.next();
      const fe = this.large ? 12 : picked;
      const size = Math.round(fe * 30 * (this.large ? 0.95 : fill));
      for (let y = 7; y <= 11; y++) years.push([y, size + r.int(-8, 8)]);
      if (r.chance(0.45) || this.large) years.push([12, Math.round(size * 0.45) + r.int(-5, 5)], [13, Math.round(size * 0.4) + r.int(-5, 5)]);
      for (const [y, n] of years) {
        const k = y >= 12 ? Math.ceil(n / 20) : fe;
        classesOf.set(
          y,
          Array.from({ length: k }, (_, i) => `${y}${'ABCDEFGHJKLM'[i]}`),
        );
      }
    } else {
      for (let y = 1; y <= 13; y++) if (y <= 11 || r.chance(0.7)) years.push([y, r.int(4, 16)]);
      let c = 0;
      const L = SPECIAL_CLASSES.length;
      for (const [y, n] of years) {
        const k = Math.max(1, Math.round(n / 9));
        classesOf.set(
          y,
          Array.from({ length: k }, () => {
            const i = c++;
            return `${SPECIAL_CLASSES[i % L]!}${i >= L ? ` ${Math.floor(i / L) + 1}` : ''}`;
          }),
        );
      }
    }
    for (const names of classesOf.values()) classNames.push(...names);

    const mainstream = this.phase !== 'special';
    // docs/domain.md: SEN support about 14–15% and EHC plans 3–4% in mainstream; prevalence (K + E) 19.4% in
    // primary and 17.6% in secondary. Schools vary around that (log-normally).
    const baseK = (this.phase === 'primary' ? 0.15 : this.phase === 'secondary' ? 0.155 : 0.08) * (mainstream ? Math.exp(0.25 * r.normal() - 0.03) : 1);
    const baseE = (this.phase === 'primary' ? 0.038 : this.phase === 'secondary' ? 0.036 : 0.9) * (mainstream ? Math.exp(0.35 * r.normal() - 0.06) : 1);
    const firstYear = years[0]![0];
    const usedUpns = new Set<string>();
    // Secondary pupils' UPNs were issued by their primary schools: a handful of feeder establishments.
    const feeders = this.phase === 'primary' ? [String(r.int(2000, 3999))] : Array.from({ length: r.int(4, 10) }, () => String(r.int(2000, 3999)));
    const upnLa = laCode;

    for (const [y, n] of years) {
      const factor = mainstream ? (YEAR_FACTOR[y] ?? 1) : 1;
      const names = classesOf.get(y)!;
      for (let i = 0; i < n; i++) {
        const boy = r.chance(mainstream ? 0.51 : 0.7);
        // docs/domain.md: boys are 61% of pupils on SEN support and 71% of those with EHC plans.
        const pK = mainstream ? baseK * factor * (boy ? 0.61 / 0.51 : 0.39 / 0.49) : baseK;
        const pE = mainstream ? baseE * factor * (boy ? 0.71 / 0.51 : 0.29 / 0.49) : baseE;
        const x = r.next();
        let status: Status = x < pE ? 'E' : x < pE + pK ? 'K' : 'N';
        if (status === 'N' && r.chance(0.015)) status = 'monitoring';
        // docs/domain.md, 2025: FSM 43.8% (EHC plan), 39.3% (SEN support), 22.2% (no SEN); scaled by the school.
        const fsmP = Math.min(0.9, fsmBase * (status === 'E' ? 1.97 : status === 'K' ? 1.77 : 0.92));
        const dobStart = dayOf(`${this.A - 5 - y}-09-01`);
        const dob = dobStart + r.int(0, dayOf(`${this.A - 4 - y}-08-31`) - dobStart);
        const first = r.pick(boy ? BOYS : GIRLS);
        const last = this.surname();
        // Admission: the school's first year group (or a late joiner), never after yesterday.
        const startYear = this.A - (y - firstYear);
        let adm = onOrAfter(dayOf(`${startYear}-09-02`), 1) + r.int(0, 2);
        if (this.phase === 'special' || (y > firstYear && r.chance(0.12))) adm = adm + r.int(0, Math.max(0, this.T - 1 - adm));
        if (y >= 12 && this.phase === 'secondary' && r.chance(0.3)) adm = onOrAfter(dayOf(`${this.A - (y - 12)}-09-02`), 1);
        adm = Math.min(adm, this.T - 1);
        let upn: string;
        do {
          const issue = String((this.A - Math.max(y, 0)) % 100).padStart(2, '0');
          const body = `${upnLa}${r.pick(feeders)}${issue}${String(r.int(0, 999)).padStart(3, '0')}`;
          upn = `${upnCheckLetter(body)}${body}`;
        } while (usedUpns.has(upn));
        usedUpns.add(upn);
        const p: Pupil = {
          id: this.u.uuid(),
          first,
          last,
          gender: boy ? 'M' : 'F',
          yg: y,
          cls: r.pick(names),
          dob,
          adm,
          fsm: r.chance(fsmP),
          eal: r.chance(ealBase),
          lac: r.chance(status === 'N' ? 0.004 : 0.015),
          status,
          primary: null,
          secondary: null,
          registerSince: null,
          upn,
          formerK: null,
          enrolments: [],
        };
        if (status === 'K' || status === 'E') {
          const mix = status === 'E' ? (mainstream ? NEEDS_E_MAINSTREAM : NEEDS_E_SPECIAL) : this.phase === 'secondary' ? NEEDS_K_SECONDARY : NEEDS_K_PRIMARY;
          p.primary = mix.pick(r);
          // docs/domain.md: give roughly 40–50% of pupils with SEN a secondary need; NSA leaves none to record.
          if (p.primary !== 'NSA' && r.chance(0.45)) {
            let second = (SECOND_NEEDS[p.primary] ?? SECOND_OTHER).pick(r);
            if (second === p.primary) second = p.primary === 'SEMH' ? 'SLCN' : 'SEMH';
            p.secondary = second;
          }
        }
        this.pupils.push(p);
      }
    }
    return classNames;
  }

  /** staff_classes: every class has a teacher; with more classes than teachers some teach several. */
  private assignClasses(classNames: string[], established: number): void {
    const teachers = this.staff.filter((s) => s.role === 'teacher' && !s.ta);
    classNames.forEach((c, i) => {
      this.out.staff_classes.add([this.u.uuid(), this.schoolId, teachers[i % teachers.length]!.id, c, ts(established + 1, 600)]);
    });
  }

  // -------------------------------------------------------------------------------------------------------
  // Calendar: the previous and the current academic year, as the calendar module counts them.

  private makeCalendar(): void {
    const r = this.r;
    const current = calendarYearOf(this.T);
    const ranges: { terms: [number, number][]; closures: [number, number][] } = { terms: [], closures: [] };
    for (const year of [current - 1, current]) {
      const d = (md: string, y = year) => dayOf(`${y}-${md}`);
      const autumn = onOrAfter(d('09-02'), r.pick([1, 2, 3, 3, 4]));
      const autumnEnd = onOrAfter(d('12-16'), 5) - r.int(0, 1);
      const spring = onOrAfter(d('01-05', year + 1), 1) + r.int(0, 1);
      const springEnd = onOrAfter(d('03-23', year + 1), 1) + 4;
      const summer = onOrAfter(d('04-13', year + 1), 1);
      const summerEnd = onOrAfter(d('07-17', year + 1), 5) - r.int(0, 2);
      const terms: [string, number, number][] = [
        ['Autumn', autumn, autumnEnd],
        ['Spring', spring, springEnd],
        ['Summer', summer, summerEnd],
      ];
      const ht = (day: number, name: string): [string, string, number, number] => ['half_term', name, day, day + 4];
      const autumnHt = onOrAfter(d('10-24'), 1);
      const springInset = onOrAfter(spring + 7 * r.int(2, 4), 5);
      const closures: [string, string, number, number][] = [
        ht(autumnHt, 'Autumn half term'),
        ht(onOrAfter(d('02-14', year + 1), 1), 'Spring half term'),
        ht(onOrAfter(d('05-25', year + 1), 1), 'Summer half term'),
        ['bank_holiday', 'Early May bank holiday', onOrAfter(d('05-01', year + 1), 1), onOrAfter(d('05-01', year + 1), 1)],
        ['inset', 'INSET day', autumn, autumn],
        ['inset', 'INSET day', spring, spring],
        ['inset', 'INSET day', autumnHt + 7, autumnHt + 7],
        ['inset', 'INSET day', summerEnd, summerEnd],
        ['inset', 'INSET day', springInset, springInset],
      ];
      const errors = checkCalendar(
        year,
        terms.map(([name, s, e]) => ({ name, startsOn: iso(s), endsOn: iso(e) })),
        closures.map(([kind, name, s, e]) => ({ kind: kind as 'inset', name, startsOn: iso(s), endsOn: iso(e) })),
      );
      if (errors.length > 0) throw new Error(`seed-scale: generated an invalid calendar: ${JSON.stringify(errors)}`);
      for (const [name, s, e] of terms) {
        this.out.school_terms.add([this.u.uuid(), this.schoolId, year, name, iso(s), iso(e)]);
        ranges.terms.push([s, e]);
      }
      for (const [kind, name, s, e] of closures) {
        this.out.school_closures.add([this.u.uuid(), this.schoolId, year, kind, name, iso(s), iso(e)]);
        ranges.closures.push([s, e]);
      }
    }
    this.openBase = ranges.terms[0]![0];
    const last = ranges.terms[ranges.terms.length - 1]![1];
    this.openDay = new Uint8Array(last - this.openBase + 1);
    for (const [s, e] of ranges.terms) for (let day = s; day <= e; day++) if (weekdayOf(day) <= 5) this.openDay[day - this.openBase] = 1;
    for (const [s, e] of ranges.closures) for (let day = s; day <= e; day++) this.openDay[day - this.openBase] = 0;
  }

  private isOpen(day: number): boolean {
    return this.openDay[day - this.openBase] === 1;
  }

  // -------------------------------------------------------------------------------------------------------
  // Interventions: the catalogue, groups with staff and a timetable, enrolments, a term of sessions.

  private makeInterventions(established: number): void {
    const r = this.r;
    const relevant = INTERVENTION_CATALOGUE.filter((e) => {
      if (this.phase === 'secondary')
        return !['NELI (Nuffield Early Language Intervention)', '1stClass@Number', 'Reading Recovery', 'Sensory circuits'].includes(e.name);
      if (this.phase === 'special')
        return !['NELI (Nuffield Early Language Intervention)', 'Reading Recovery', '1stClass@Number', 'Read Write Inc. Fresh Start'].includes(e.name);
      return true;
    });
    for (const entry of relevant) {
      if (!r.chance(0.8)) continue;
      const i: Intervention = { id: this.u.uuid(), entry };
      this.interventions.push(i);
      const created = ts(established + r.int(1, 60), 720);
      this.out.interventions.add([
        i.id,
        this.schoolId,
        entry.name,
        entry.areaOfNeed,
        entry.description,
        entry.evidenceNotes,
        entry.frequencyCount,
        entry.frequencyPeriod,
        entry.sessionMinutes,
        entry.groupSize,
        entry.deliveringRole,
        r.chance(0.7) ? r.int(1250, 1900) : null,
        r.chance(0.5) ? r.int(20, 400) * 100 : null,
        entry.suggestedMeasure,
        r.chance(0.96),
        created,
        created,
      ]);
    }
  }

  /** Year groups an intervention is meant for (docs/domain.md, "Everyday practice", the catalogue's descriptions). */
  private fits(entry: CatalogueEntry, yg: number): boolean {
    switch (entry.name) {
      case 'NELI (Nuffield Early Language Intervention)':
        return yg === 0;
      case 'Reading Recovery':
        return yg === 1 || yg === 2;
      case '1stClass@Number':
        return yg >= 2 && yg <= 6;
      case 'Read Write Inc. Fresh Start':
        return yg >= 5 && yg <= 8;
      case 'Sensory circuits':
        return yg <= 6 || this.phase === 'special';
      default:
        return yg >= 1;
    }
  }

  private makeGroups(): void {
    const r = this.r;
    if (this.interventions.length === 0) return;
    const sen = this.pupils.filter((p) => p.status === 'K' || p.status === 'E');
    const nonSen = this.pupils.filter((p) => p.status === 'N' || p.status === 'monitoring');
    const wanted = Math.max(2, Math.min(60, Math.round(sen.length * (this.phase === 'secondary' ? 0.22 : 0.3))));
    // The day's timetable in 30-minute cells, so sessions of 30 minutes or less never overlap; a person
    // (staff or pupil) is booked into a cell once at most, as the product refuses double booking.
    const TIMES = [9 * 60 + 15, 9 * 60 + 45, 10 * 60 + 15, 11 * 60, 11 * 60 + 30, 13 * 60 + 15, 13 * 60 + 45, 14 * 60 + 15, 14 * 60 + 45];
    const EARLY = 8 * 60 + 30; // before school: sensory circuits
    const busy = new Map<string, Set<number>>();
    const isFree = (who: string, cell: number) => !busy.get(who)?.has(cell);
    const book = (who: string, cell: number) => {
      let s = busy.get(who);
      if (!s) busy.set(who, (s = new Set()));
      s.add(cell);
    };
    const workers = this.staff.filter((s) => s.role === 'teacher' || s.role === 'senco');
    const tas = workers.filter((s) => s.ta);
    const byArea = new Map<AreaOfNeed, Pupil[]>();
    for (const p of sen) {
      for (const need of [p.primary, p.secondary]) {
        if (!need) continue;
        const list = byArea.get(NEED_AREA[need]) ?? [];
        list.push(p);
        byArea.set(NEED_AREA[need], list);
      }
    }
    const entryWeight = (i: Intervention) => (byArea.get(i.entry.areaOfNeed)?.length ?? 0) + 2;
    const chooser = new Weighted<Intervention>(this.interventions.map((i) => [i, entryWeight(i)] as const));
    let counter = 0;

    for (let attempt = 0; attempt < wanted * 2 && counter < wanted; attempt++) {
      const intervention = chooser.pick(r);
      const e = intervention.entry;
      const size = e.groupSize === 1 ? (r.chance(0.85) ? 1 : 2) : r.int(2, Math.min(e.groupSize, 6));
      // Pupils: mostly those with a need in the programme's area, some without SEN (NELI and catch-up
      // programmes are for any pupil who has fallen behind).
      const pool = (byArea.get(e.areaOfNeed) ?? sen).filter((p) => this.fits(e, p.yg) && p.enrolments.length < 2);
      const anyPool = nonSen.filter((p) => this.fits(e, p.yg) && p.enrolments.length < 1);
      const first = pool.length > 0 && (r.chance(0.8) || anyPool.length === 0) ? r.pick(pool) : anyPool.length > 0 ? r.pick(anyPool) : null;
      if (!first) continue;
      const members = [first];
      const near = (p: Pupil) => Math.abs(p.yg - first.yg) <= 1 && !members.includes(p);
      for (let k = 1; k < size; k++) {
        const fromSen = pool.filter(near);
        const fromAny = anyPool.filter(near);
        const next = fromSen.length > 0 && (r.chance(0.7) || fromAny.length === 0) ? r.pick(fromSen) : fromAny.length > 0 ? r.pick(fromAny) : null;
        if (next) members.push(next);
      }
      const deliverers = e.deliveringRole === 'specialist_teacher' ? workers.filter((s) => !s.ta) : tas.length > 0 && r.chance(0.8) ? tas : workers;
      const staff = [r.pick(deliverers)];
      if (r.chance(0.12)) {
        const other = r.pick(workers);
        if (other !== staff[0]) staff.push(other);
      }

      // Slots: a daily programme runs every weekday at one time; a weekly one on its number of days.
      const perWeek = e.frequencyPeriod === 'day' ? 5 : e.frequencyPeriod === 'week' ? Math.min(5, e.frequencyCount) : 1;
      const minutes = Math.min(30, e.sessionMinutes);
      const people = [...staff.map((s) => s.id), ...members.map((p) => p.id)];
      let slot: { time: number; days: number[] } | null = null;
      for (let tries = 0; tries < 12 && !slot; tries++) {
        const time = e.name === 'Sensory circuits' ? EARLY : r.pick(TIMES);
        const days = perWeek === 5 ? [1, 2, 3, 4, 5] : r.shuffle([1, 2, 3, 4, 5]).slice(0, perWeek).sort();
        if (days.every((d) => people.every((who) => isFree(who, d * 10_000 + time)))) slot = { time, days };
      }
      if (!slot) continue;
      for (const d of slot.days) for (const who of people) book(who, d * 10_000 + slot.time);

      // A term of sessions: most groups began 8–13 weeks ago, some more recently; they run their usual length.
      const begin = this.T - (r.chance(0.7) ? r.int(56, 90) : r.int(7, 50));
      let startsOn = begin;
      for (let k = 0; k < 30 && !this.isOpen(startsOn); k++) startsOn++;
      const weeks = e.typicalWeeks ?? r.int(14, 24);
      const endsOn = Math.max(startsOn, startsOn + weeks * 7 - 3);
      const groupId = this.u.uuid();
      counter++;
      const yearLabel = (y: number) => (y === 0 ? 'Reception' : y === -1 ? 'Nursery' : `Year ${y}`);
      const ygs = [...new Set(members.map((p) => p.yg))].sort((a, b) => a - b);
      const groupName = `${e.name.replace(/ \(.*\)$/, '')}, ${ygs.map(yearLabel).join('/')} (${counter})`;
      const createdAt = ts(startsOn - r.int(3, 14), 780);
      this.out.intervention_groups.add([
        groupId,
        this.schoolId,
        intervention.id,
        groupName,
        iso(startsOn),
        iso(endsOn),
        r.pick(['Library', 'Small group room', 'Classroom', 'Nurture room', 'Learning support base', null]),
        this.senco.id,
        createdAt,
      ]);
      for (const s of staff) this.out.group_staff.add([this.u.uuid(), this.schoolId, groupId, s.id]);
      for (const d of slot.days) this.out.group_slots.add([this.u.uuid(), this.schoolId, groupId, d, hhmm(slot.time), minutes]);

      // Enrolments: most for the whole run, a few joining late or leaving early; entry and exit measures.
      const enrolled: { pupil: Pupil; from: number; to: number }[] = [];
      for (const p of members) {
        let from = startsOn;
        let to: number | null = null;
        if (r.chance(0.1) && endsOn - startsOn > 28) from = startsOn + 7 * r.int(1, Math.floor((endsOn - startsOn) / 14));
        if (r.chance(0.08) && endsOn - from > 28) to = from + 7 * r.int(2, Math.floor((endsOn - from) / 7) - 1);
        const last = Math.min(to ?? endsOn, endsOn);
        const [entry, exit] = this.measure(e.suggestedMeasure, p, from, Math.min(last, this.T - 1));
        const exited = last < this.T && r.chance(0.85);
        const measured = from < this.T;
        this.out.group_enrolments.add([
          this.u.uuid(),
          this.schoolId,
          groupId,
          p.id,
          iso(from),
          to === null ? null : iso(to),
          e.suggestedMeasure,
          measured ? entry : null,
          measured ? iso(from) : null,
          exited ? exit : null,
          exited ? iso(last) : null,
          createdAt,
        ]);
        p.enrolments.push({ groupId, intervention, startsOn: from, endsOn: to });
        enrolled.push({ pupil: p, from, to: last });
      }

      // Sessions on every open day of the slots; the past recorded: about 9% cancelled and 5% never recorded.
      for (let day = startsOn; day <= endsOn; day++) {
        const wd = weekdayOf(day);
        if (wd > 5 || !slot.days.includes(wd) || !this.isOpen(day)) continue;
        const sessionId = this.u.uuid();
        const recorder = r.pick(staff).id;
        if (day >= this.T) {
          this.out.intervention_sessions.add([
            sessionId,
            this.schoolId,
            groupId,
            iso(day),
            hhmm(slot.time),
            minutes,
            'planned',
            null,
            null,
            null,
            null,
            null,
            createdAt,
          ]);
          continue;
        }
        const x = r.next();
        const recordedAt = ts(Math.min(this.T - 1, day + (r.chance(0.8) ? 0 : r.int(1, 3))), Math.min(23 * 60, slot.time + minutes + r.int(5, 240)));
        if (x < 0.05) {
          this.out.intervention_sessions.add([
            sessionId,
            this.schoolId,
            groupId,
            iso(day),
            hhmm(slot.time),
            minutes,
            'planned',
            null,
            null,
            null,
            null,
            null,
            createdAt,
          ]);
        } else if (x < 0.14) {
          const reason = CANCEL_REASONS.pick(r);
          this.out.intervention_sessions.add([
            sessionId,
            this.schoolId,
            groupId,
            iso(day),
            hhmm(slot.time),
            minutes,
            'cancelled',
            reason,
            null,
            reason === 'other' ? 'Covering a class' : null,
            recorder,
            recordedAt,
            recordedAt,
          ]);
        } else {
          const actual = r.chance(0.85) ? minutes : Math.max(1, minutes - r.int(1, Math.min(10, minutes - 1)));
          this.out.intervention_sessions.add([
            sessionId,
            this.schoolId,
            groupId,
            iso(day),
            hhmm(slot.time),
            minutes,
            'delivered',
            null,
            actual,
            r.chance(0.05) ? 'Started late: assembly overran' : null,
            recorder,
            recordedAt,
            recordedAt,
          ]);
          for (const en of enrolled) {
            if (day < en.from || day > en.to) continue;
            const present = r.chance(0.91);
            const absence = present ? null : ABSENCE_REASONS.pick(r);
            const score = present && r.chance(0.6) ? PROGRESS_SCORES.pick(r) : null;
            this.out.session_attendance.add([
              this.u.uuid(),
              this.schoolId,
              sessionId,
              en.pupil.id,
              present,
              absence,
              score,
              present && r.chance(0.03) ? 'Worked well; needed fewer prompts' : null,
            ]);
          }
        }
      }
    }
  }

  /** Entry and exit values for a programme's measure, as numeric(8,2) text. */
  private measure(name: string, p: Pupil, from: number, to: number): [string, string] {
    const r = this.r;
    const months = Math.max(0, (to - from) / 30.4);
    let entry: number;
    let exit: number;
    if (/age \(months\)/.test(name)) {
      const age = Math.max(36, Math.round((from - p.dob) / 30.4));
      entry = Math.max(36, age - r.int(10, 36));
      // Catch Up's ratio gain: months of progress over months elapsed, often 1–3.
      exit = entry + Math.round(months * (0.6 + 2.4 * r.next()));
    } else if (/standardised score/i.test(name)) {
      entry = r.int(70, 90);
      exit = Math.min(130, entry + r.int(-2, 12));
    } else if (/Rating scale/.test(name)) {
      entry = r.int(1, 3);
      exit = Math.min(5, entry + r.int(0, 2));
    } else {
      entry = r.int(5, 20);
      exit = entry + r.int(0, 30);
    }
    return [entry.toFixed(2), exit.toFixed(2)];
  }

  // -------------------------------------------------------------------------------------------------------
  // Pupils: the row, the SEN status history (with notice events), contacts.

  private emitPupil(p: Pupil): void {
    const r = this.r;
    const entries = this.history(p);
    const onRegister = p.status === 'K' || p.status === 'E';
    const area = p.primary ? NEED_AREA[p.primary] : null;
    const passport = area ? `${r.pick(PASSPORTS[area])} ${r.pick(PASSPORTS[area])}` : null;
    const preferred = r.chance(0.03);
    const created = ts(p.adm - r.int(5, 40), 600);
    this.out.pupils.add([
      p.id,
      this.schoolId,
      p.upn,
      p.first,
      p.last,
      preferred ? p.first.slice(0, 3) : null,
      null,
      iso(p.dob),
      p.yg,
      p.cls,
      p.gender,
      p.fsm,
      p.eal,
      p.lac,
      iso(p.adm),
      null,
      onRegister ? passport : null,
      created,
      entries.length > 0 ? ts(entries[entries.length - 1]!.start, 700) : created,
    ]);

    // The timeline, as SenStatusService.appendMany writes it: register_since carried while on the register,
    // a notice event each time a pupil enters SEN support (CFA 2014 s.68), carried by a change of need.
    let prev: { status: Status; registerSince: number | null; event: string | null; notified: string | null } | null = null;
    for (let i = 0; i < entries.length; i++) {
      const e = entries[i]!;
      const errors = checkNeedsForStatus(e.status, e.primary, e.secondary);
      if (errors.length > 0) throw new Error(`seed-scale: generated an invalid status entry: ${JSON.stringify(errors)}`);
      if (e.end !== null && e.end <= e.start) throw new Error('seed-scale: generated an empty status period');
      const on = e.status === 'K' || e.status === 'E';
      const registerSince: number | null = on ? (prev && (prev.status === 'K' || prev.status === 'E') ? prev.registerSince : e.start) : null;
      const entersK = e.status === 'K' && prev?.status !== 'K';
      const stillK = e.status === 'K' && prev?.status === 'K';
      let event: string | null = null;
      let notified: string | null = null;
      const recordedAt = ts(e.start, 9 * 60 + r.int(0, 480));
      const entryId = this.u.uuid();
      if (entersK) {
        event = this.u.uuid();
        // Most notices went within days; a few recent ones are still pending (the delivery failed or is
        // waiting for a posted letter).
        const pending = e.end === null && (e.start >= this.T - 45 ? r.chance(0.35) : r.chance(0.015));
        notified = pending ? null : ts(Math.min(this.T - 1, e.start + r.int(0, 4)), 17 * 60 + r.int(0, 300));
        const occurred = recordedAt;
        this.out.outbox_events.add([
          event,
          this.schoolId,
          'sen_support.started',
          'pupil',
          p.id,
          `{"statusEntryId":"${entryId}"}`,
          null,
          occurred,
          occurred,
          occurred,
          occurred,
        ]);
      } else if (stillK) {
        event = prev!.event;
        notified = prev!.notified;
      }
      this.out.sen_status_entries.add([
        entryId,
        this.schoolId,
        p.id,
        e.status,
        iso(e.start),
        e.end === null ? null : iso(e.end),
        e.primary,
        e.secondary,
        e.ehc === null ? null : iso(e.ehc),
        registerSince === null ? null : iso(registerSince),
        e.reason,
        this.senco.id,
        recordedAt,
        event,
        notified,
      ]);
      prev = { status: e.status, registerSince, event, notified };
      if (on && e.end === null) p.registerSince = registerSince;
    }

    // Contacts with parental responsibility for every pupil who has or had SEN support or an EHC plan.
    if (onRegister || p.formerK) {
      const two = r.chance(0.55) || p.lac;
      const contacts: [string, string, boolean][] = p.lac
        ? [
            ['foster_carer', 'F', false],
            ['social_worker', 'F', true],
          ]
        : (() => {
            const firstRel = FIRST_CONTACT.pick(r);
            const secondRel = SECOND_CONTACT.pick(r);
            return two ? [firstRel, secondRel] : [firstRel];
          })();
      contacts.forEach(([relationship, gender, pr], i) => {
        const contactId = this.u.uuid();
        const first = r.pick(gender === 'F' ? WOMEN : MEN);
        const last = relationship === 'social_worker' || r.chance(0.2) ? this.surname() : p.last;
        const channel = CHANNELS.pick(r);
        const email = channel === 'post' ? null : `${first}.${last}.${contactId.slice(0, 8)}@${EMAIL_DOMAIN}`.toLowerCase();
        const phone = channel === 'post' && r.chance(0.5) ? null : `07700 900${String(r.int(0, 999)).padStart(3, '0')}`;
        const created = ts(p.adm - r.int(1, 20), 660);
        this.out.contacts.add([contactId, this.schoolId, first, last, email, phone, channel, null, created, created, true, true]);
        this.out.pupil_contacts.add([this.u.uuid(), this.schoolId, p.id, contactId, relationship, pr, i + 1, created]);
      });
    }
  }

  /** A random day in [from, to]; from when the range is empty. */
  private day(from: number, to: number): number {
    return this.r.int(from, to);
  }

  /** The status timeline for a pupil: oldest first, each period ending the day the next begins. */
  private history(p: Pupil): Entry[] {
    const r = this.r;
    const T = this.T;
    const earliest = Math.max(p.adm, p.dob + 2 * 365);
    const room = T - 1 - earliest;
    const reason = (text: string) => `Synthetic data: ${text}`;
    const otherNeed = (n: NeedCode): NeedCode => (n === 'SEMH' ? 'SLCN' : n === 'NSA' ? 'MLD' : 'SEMH');
    const primary = p.primary;
    const secondary = p.secondary;
    const out: Entry[] = [];

    if (p.status === 'N') {
      // Some pupils had SEN support once: K → N.
      if (room > 200 && r.chance(0.06)) {
        const k = this.day(earliest, T - 91);
        const n = this.day(k + 60, T - 1);
        const need = (this.phase === 'secondary' ? NEEDS_K_SECONDARY : NEEDS_K_PRIMARY).pick(r);
        out.push({
          status: 'K',
          start: k,
          end: n,
          primary: need,
          secondary: null,
          ehc: null,
          reason: reason(`placed on SEN support after assessment (${ESTIMATE})`),
        });
        out.push({ status: 'N', start: n, end: null, primary: null, secondary: null, ehc: null, reason: reason('SEN support ended at a review: targets met') });
        p.formerK = { start: k, end: n, need };
      }
      return out;
    }
    if (p.status === 'monitoring') {
      const m = this.day(Math.max(earliest, T - 180), T - 1);
      out.push({
        status: 'monitoring',
        start: m,
        end: null,
        primary: r.chance(0.5) ? (this.phase === 'secondary' ? NEEDS_K_SECONDARY : NEEDS_K_PRIMARY).pick(r) : null,
        secondary: null,
        ehc: null,
        reason: reason('concerns raised by the class teacher; monitoring'),
      });
      if (out[0]!.primary === 'NSA') out[0]!.primary = null;
      return out;
    }
    if (p.status === 'E') {
      if (room > 300 && r.chance(0.65)) {
        // K → E: SEN support first, then an EHC plan issued by the local authority.
        const k = this.day(earliest, T - 151);
        const e = this.day(k + 120, T - 1);
        const ehc = Math.max(k + 1, e - r.int(0, 14));
        const kNeed =
          primary && r.chance(0.7) && primary !== 'SLD' && primary !== 'PMLD'
            ? primary
            : (this.phase === 'secondary' ? NEEDS_K_SECONDARY : NEEDS_K_PRIMARY).pick(r);
        out.push({
          status: 'K',
          start: k,
          end: e,
          primary: kNeed,
          secondary: kNeed !== 'NSA' && secondary !== kNeed ? secondary : null,
          ehc: null,
          reason: reason(`placed on SEN support after assessment (${ESTIMATE})`),
        });
        out.push({ status: 'E', start: e, end: null, primary, secondary, ehc, reason: reason(`EHC plan issued by the local authority (${ESTIMATE})`) });
      } else {
        // Joined with an EHC plan already issued.
        const e = earliest;
        const ehc = Math.max(p.dob + 365, e - r.int(0, 400));
        out.push({ status: 'E', start: e, end: null, primary, secondary, ehc, reason: reason(`joined the school with an EHC plan (${ESTIMATE})`) });
      }
      return out;
    }
    // K now.
    let k = this.day(earliest, T - 1);
    if (room > 250 && r.chance(0.03)) {
      // An earlier spell of SEN support that ended, then support again: K → N → K.
      const k0 = this.day(earliest, earliest + Math.floor((room - 250) / 2));
      const n0 = this.day(k0 + 60, k0 + 120);
      k = this.day(n0 + 60, T - 1);
      out.push({
        status: 'K',
        start: k0,
        end: n0,
        primary: primary === 'NSA' ? 'SLCN' : primary,
        secondary: null,
        ehc: null,
        reason: reason(`placed on SEN support after assessment (${ESTIMATE})`),
      });
      out.push({ status: 'N', start: n0, end: k, primary: null, secondary: null, ehc: null, reason: reason('SEN support ended at a review: targets met') });
    } else if (k - earliest > 40 && r.chance(0.2)) {
      // Monitored first, then SEN support: monitoring → K.
      const m = this.day(Math.max(earliest, k - 200), k - 20);
      out.push({
        status: 'monitoring',
        start: m,
        end: k,
        primary: r.chance(0.6) && primary !== 'NSA' ? primary : null,
        secondary: null,
        ehc: null,
        reason: reason('concerns raised by the class teacher; monitoring'),
      });
    }
    if (T - 1 - k > 60 && r.chance(0.15)) {
      // A change of need while on SEN support (K → K): the register date and the notice carry over.
      const c = this.day(k + 30, T - 1);
      const before = otherNeed(primary!);
      out.push({
        status: 'K',
        start: k,
        end: c,
        primary: before,
        secondary: null,
        ehc: null,
        reason: reason(`placed on SEN support after assessment (${ESTIMATE})`),
      });
      out.push({
        status: 'K',
        start: c,
        end: null,
        primary,
        secondary,
        ehc: null,
        reason: reason(`primary need revised after a specialist assessment (${ESTIMATE})`),
      });
    } else {
      out.push({ status: 'K', start: k, end: null, primary, secondary, ehc: null, reason: reason(`placed on SEN support after assessment (${ESTIMATE})`) });
    }
    return out;
  }

  // -------------------------------------------------------------------------------------------------------
  // Support plans: Assess–Plan–Do–Review cycles (Code of Practice 6.44–6.56) for pupils on the register.

  private emitPlans(p: Pupil): void {
    const r = this.r;
    const T = this.T;
    if (p.formerK && p.formerK.end >= T - 300 && p.formerK.end - p.formerK.start >= 75 && r.chance(0.5)) {
      // SEN support ended at a review: one reviewed cycle with the decision to end it.
      const held = p.formerK.end;
      const interval = Math.min(this.reviewWeeks * 7, held - p.formerK.start - 14);
      const act = held - interval;
      const opened = Math.max(p.formerK.start, act - r.int(3, 10));
      this.cycle(p, { number: 1, status: 'reviewed', opened, act, due: held - r.int(0, 5), held, previous: null, decision: 'end_support', carried: [] });
      return;
    }
    if (p.status !== 'K' && p.status !== 'E') return;
    const R = p.registerSince!;
    const recent = T - R < 21;
    const state = new Weighted<'none' | 'planning' | 'active'>(
      recent
        ? [
            ['none', 50],
            ['planning', 35],
            ['active', 15],
          ]
        : [
            ['none', 8],
            ['planning', 7],
            ['active', 85],
          ],
    ).pick(r);
    if (state === 'none') return;
    const I = r.chance(0.8) ? this.reviewWeeks * 7 : r.pick([42, 56, 70, 84]);

    // The current cycle's dates.
    let opened: number;
    let act = 0;
    let rev = 0;
    if (state === 'active') {
      const x = r.next();
      // Some reviews overdue, some due in the next 14 days (the review reminders fire), the rest later.
      rev = x < 0.09 ? T - r.int(1, 35) : x < 0.23 ? T + r.int(0, 14) : T + r.int(15, I);
      act = Math.min(rev - I, T - 1);
      if (act < R + 3) {
        act = Math.min(T - 1, R + r.int(0, Math.min(10, Math.max(0, T - 1 - R))));
        if (rev <= act) rev = act + I;
      }
      opened = Math.max(R, act - r.int(2, 20));
    } else {
      opened = Math.max(R, T - r.int(1, 25));
    }

    // Reviewed cycles before it, walking back from the day the current one opened (a review opens the
    // next cycle on the day it is held).
    const earlier: { opened: number; act: number; due: number; held: number }[] = [];
    const want = new Weighted<number>([
      [0, 25],
      [1, 45],
      [2, 25],
      [3, 5],
    ]).pick(r);
    let nextOpened = opened;
    for (let k = 0; k < want; k++) {
      const held = nextOpened;
      const late = r.chance(0.08) ? r.int(21, 45) : r.int(-5, 10);
      const due = held - late;
      const Ip = r.chance(0.8) ? this.reviewWeeks * 7 : r.pick([42, 56, 70, 84]);
      const actP = due - Ip;
      const openedP = actP - r.int(2, 14);
      if (openedP < Math.max(R, T - 365) || actP >= held) break;
      earlier.unshift({ opened: openedP, act: actP, due, held });
      nextOpened = openedP;
    }
    let previous: string | null = null;
    let carried: Carried[] = [];
    let number = 1;
    for (const c of earlier) {
      const res = this.cycle(p, {
        number,
        status: 'reviewed',
        opened: c.opened,
        act: c.act,
        due: c.due,
        held: c.held,
        previous,
        decision: p.status === 'K' && r.chance(0.05) ? 'escalate' : 'continue',
        carried,
      });
      previous = res.cycleId;
      carried = res.unmet;
      number++;
    }
    this.cycle(p, { number, status: state, opened, act, due: rev, held: null, previous, decision: null, carried });
  }

  /** One cycle with its versions, targets, provision and (when reviewed) its review and outcomes. */
  private cycle(
    p: Pupil,
    c: {
      number: number;
      status: 'planning' | 'active' | 'reviewed';
      opened: number;
      act: number;
      due: number;
      held: number | null;
      previous: string | null;
      decision: 'continue' | 'end_support' | 'escalate' | null;
      carried: Carried[];
    },
  ): { cycleId: string; unmet: Carried[] } {
    const r = this.r;
    const T = this.T;
    const cycleId = this.u.uuid();
    const planning = c.status === 'planning';
    const reviewDate = planning ? null : c.due;
    this.out.plan_cycles.add([
      cycleId,
      this.schoolId,
      p.id,
      c.number,
      c.status,
      iso(c.opened),
      planning ? null : iso(c.act),
      reviewDate === null ? null : iso(reviewDate),
      c.held === null ? null : iso(c.held),
      null,
      c.previous,
      ts(c.opened, 9 * 60 + r.int(0, 420)),
    ]);

    const needs = this.needsOf(p);
    const areas = needs.map((n) => n.area);
    const attendees = () => {
      const list: { name: string; role: string }[] = [
        { name: 'Parent', role: 'parent' },
        { name: this.senco.name, role: 'senco' },
        { name: 'Class teacher', role: 'class_teacher' },
      ];
      if (p.yg >= 3 && r.chance(0.5)) list.push({ name: p.first, role: 'pupil' });
      if (r.chance(0.2)) list.push({ name: 'Teaching assistant', role: 'teaching_assistant' });
      if (r.chance(0.1)) list.push({ name: 'Educational psychologist', role: 'professional' });
      return list;
    };
    const involvement = (when: number) => JSON.stringify({ meetingDate: iso(when), attendees: attendees(), parentComments: r.pick(PARENT_VIEWS) });

    // Version 1 (and for some active cycles a later version that superseded it, or a draft of changes).
    type V = { status: string; starts: number; agreed: number | null; activated: number | null; superseded: number | null };
    const versions: V[] = [];
    if (planning) {
      versions.push({ status: 'draft', starts: Math.max(c.opened, T - r.int(0, 5)), agreed: null, activated: null, superseded: null });
    } else if (c.status === 'active' && T - 1 - c.act > 21 && r.chance(0.1)) {
      const a2 = this.day(c.act + 7, T - 1);
      versions.push({ status: 'superseded', starts: c.act, agreed: Math.max(c.opened, c.act - r.int(0, 3)), activated: c.act, superseded: a2 });
      versions.push({ status: 'active', starts: a2, agreed: a2, activated: a2, superseded: null });
    } else {
      versions.push({ status: 'active', starts: c.act, agreed: Math.max(c.opened, c.act - r.int(0, 3)), activated: c.act, superseded: null });
    }
    if (c.status === 'active' && r.chance(0.05))
      versions.push({
        status: 'draft',
        starts: Math.max(versions[versions.length - 1]!.starts, T - r.int(0, 5)),
        agreed: null,
        activated: null,
        superseded: null,
      });

    const targetCount = (p.status === 'E' ? r.int(3, 5) : r.int(2, 4)) - Math.min(c.carried.length, 2);
    let reviewedTargets: { id: string; template: TargetTemplate | null; description: string; area: AreaOfNeed; base: number }[] = [];
    let activeVersionId = '';
    const plan = {
      strengths: r.pick(STRENGTHS),
      attainment: r.pick(ATTAINMENT),
      pupilViews: r.pick(PUPIL_VIEWS),
      parentViews: r.pick(PARENT_VIEWS),
      homeSupport: r.pick(HOME_SUPPORT),
    };
    // The targets of the cycle (shared by its versions): carried forward first, then new ones.
    const targets: {
      template: TargetTemplate | null;
      area: AreaOfNeed;
      baseline: string | null;
      base: number;
      carriedFrom: string | null;
      vague: string | null;
    }[] = [];
    for (const k of c.carried.slice(0, 3))
      targets.push({
        template: k.template,
        area: k.area,
        baseline: k.measured,
        base: Number(/\d+/.exec(k.measured)?.[0] ?? 0),
        carriedFrom: k.id,
        vague: k.template ? null : k.description,
      });
    for (let i = 0; i < Math.max(1, targetCount); i++) {
      const area = i === 0 || areas.length === 1 ? areas[0]! : r.pick(areas);
      if (r.chance(0.05)) {
        targets.push({ template: null, area, baseline: null, base: 0, carriedFrom: null, vague: r.pick(VAGUE_TARGETS) });
        continue;
      }
      const template = r.pick(TARGETS[area]);
      if (targets.some((t) => t.template === template)) continue;
      const [baseline, base] = template.baseline(r);
      targets.push({ template, area, baseline, base, carriedFrom: null, vague: null });
    }

    versions.forEach((v, i) => {
      const versionId = this.u.uuid();
      const created = ts(v.starts === c.act && i === 0 ? c.opened : v.starts, 9 * 60 + r.int(0, 420));
      const updated = v.activated !== null ? ts(v.activated, 16 * 60) : created;
      // A draft proposes its own review date; agreed versions carry the cycle's.
      const vReview = planning ? v.starts + this.reviewWeeks * 7 : v.status === 'draft' ? Math.max(c.due, v.starts + 42) : c.due;
      this.out.plan_versions.add([
        versionId,
        this.schoolId,
        p.id,
        cycleId,
        i + 1,
        v.status,
        iso(v.starts),
        iso(vReview),
        JSON.stringify(needs),
        plan.strengths,
        plan.attainment,
        plan.pupilViews,
        plan.parentViews,
        plan.homeSupport,
        v.agreed !== null || r.chance(0.5) ? involvement(v.agreed ?? v.starts) : null,
        i === 0
          ? c.previous
            ? `Opened by the review of ${iso(c.opened)}; targets not yet achieved carried forward`
            : null
          : 'Provision changed after advice from the specialist teacher',
        this.senco.id,
        created,
        updated,
        v.agreed === null ? null : iso(v.agreed),
        v.agreed === null ? null : this.senco.id,
        v.activated === null ? null : iso(v.activated),
        v.superseded === null ? null : iso(v.superseded),
      ]);
      if (v.status === 'active') activeVersionId = versionId;
      const ids: { id: string; template: TargetTemplate | null; description: string; area: AreaOfNeed; base: number }[] = [];
      targets.forEach((t, position) => {
        const id = this.u.uuid();
        ids.push({ id, template: t.template, description: t.vague ?? t.template!.description, area: t.area, base: t.base });
        this.out.plan_targets.add([
          id,
          this.schoolId,
          p.id,
          versionId,
          position,
          t.vague ?? t.template!.description,
          t.vague ? null : t.area,
          t.vague ? null : t.template!.measure,
          t.baseline,
          t.vague ? null : t.template!.success,
          t.vague ? null : iso(vReview),
          t.carriedFrom,
        ]);
      });
      if (v.status === 'active') reviewedTargets = ids;
      // Provision: the interventions the pupil is enrolled in, and support from the templates.
      let position = 0;
      for (const en of p.enrolments) {
        if (en.startsOn > vReview || (en.endsOn !== null && en.endsOn < v.starts)) continue;
        const e = en.intervention.entry;
        this.out.plan_provisions.add([
          this.u.uuid(),
          this.schoolId,
          p.id,
          versionId,
          position++,
          e.name,
          en.intervention.id,
          e.deliveringRole,
          null,
          e.frequencyCount,
          e.frequencyPeriod,
          e.sessionMinutes,
          e.groupSize,
          iso(Math.max(en.startsOn, v.starts)),
          en.endsOn === null ? null : iso(en.endsOn),
        ]);
      }
      const extra = r.int(1, 2);
      const used = new Set<string>();
      for (let k = 0; k < extra; k++) {
        const t = r.pick(PROVISIONS[r.pick(areas)]);
        if (used.has(t.description)) continue;
        used.add(t.description);
        if (r.chance(0.05)) {
          // Provision without frequency, duration or staff: a red flag the quality check shows.
          this.out.plan_provisions.add([
            this.u.uuid(),
            this.schoolId,
            p.id,
            versionId,
            position++,
            'Support in class',
            null,
            null,
            null,
            null,
            null,
            null,
            null,
            null,
            null,
          ]);
          continue;
        }
        this.out.plan_provisions.add([
          this.u.uuid(),
          this.schoolId,
          p.id,
          versionId,
          position++,
          t.description,
          null,
          t.staffRole,
          null,
          t.count,
          t.period,
          t.minutes,
          t.group,
          iso(v.starts),
          null,
        ]);
      }
    });

    const unmet: Carried[] = [];
    if (c.status === 'reviewed' && c.held !== null) {
      const reviewId = this.u.uuid();
      const decision = c.decision ?? 'continue';
      this.out.plan_reviews.add([
        reviewId,
        this.schoolId,
        p.id,
        cycleId,
        activeVersionId,
        iso(c.held),
        iso(c.due),
        JSON.stringify(attendees()),
        r.pick(WHAT_WORKED),
        r.pick(WHAT_DID_NOT_WORK),
        r.pick(PARENT_VIEWS),
        r.pick(PUPIL_VIEWS),
        decision,
        decision === 'escalate' ? iso(c.held) : null,
        this.senco.id,
        ts(c.held, 15 * 60 + r.int(0, 180)),
      ]);
      for (const t of reviewedTargets) {
        const outcome = decision === 'end_support' ? (r.chance(0.8) ? 'achieved' : 'partly_achieved') : OUTCOMES.pick(r);
        const progress = outcome === 'achieved' ? 1 : outcome === 'partly_achieved' ? 0.4 + 0.4 * r.next() : 0.3 * r.next();
        const measured = t.template ? t.template.measured(t.base, progress) : null;
        this.out.review_outcomes.add([this.u.uuid(), this.schoolId, p.id, reviewId, t.id, outcome, measured, r.pick(COMMENTS)]);
        if (outcome !== 'achieved')
          unmet.push({ id: t.id, template: t.template, description: t.description, area: t.area, measured: measured ?? 'not measured' });
      }
    }
    return { cycleId, unmet };
  }

  private needsOf(p: Pupil): { area: AreaOfNeed; description: string }[] {
    const needs: { area: AreaOfNeed; description: string }[] = [];
    const primary = p.primary ?? p.formerK?.need ?? (this.phase === 'secondary' ? 'SPLD' : 'SLCN');
    needs.push({ area: NEED_AREA[primary], description: NEED_TEXT[primary] });
    if (p.secondary && NEED_AREA[p.secondary] !== NEED_AREA[primary]) needs.push({ area: NEED_AREA[p.secondary], description: NEED_TEXT[p.secondary] });
    return needs;
  }
}

/** Today in England (the product's default zone), as a day number. */
export function todayInLondon(now = new Date()): number {
  const parts = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/London', year: 'numeric', month: '2-digit', day: '2-digit' }).format(now);
  return dayOf(parts);
}
