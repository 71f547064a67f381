// Scenario 8: a school day's mix at England's peak shape. The API's real routes, as the web app's pages call
// them, in the proportions of England's busiest half hour (the 30 minutes after lessons end: teachers and TAs
// recording the day's intervention sessions, SENCOs on register and pupil pages, parents reading their child's
// plan, heads on the dashboard), sent open loop (Poisson arrivals at a fixed mean rate, whether or not earlier
// requests have finished). The rate steps up until it no longer holds p99 ≤ 100 ms without an error. Reported:
// the highest rate held, its p50/p99 and each kind's p99, the same mix closed loop as the baseline, and from that
// rate how many API processes of this machine's size England's peak needs. docs/performance.md, "Scenario 8: a
// school day's mix", holds the assumptions and the figures.
import http from 'node:http';
import type pg from 'pg';
import { academicYearOf, addDays } from '#libs/core';
import { EMAIL_DOMAIN } from '../seed-scale-generate.js';
import { figures, type Figures } from './stats.js';

/**
 * England's busiest half hour. The counts are England's: about 22,000 state-funded schools, 1.3 million pupils on
 * SEN Support and 480,000 with an EHC plan. Everything else is an assumption, each explained in docs/performance.md.
 */
export const ENGLAND = {
  schools: 22_000,
  pupilsWithPlans: 1_300_000 + 480_000,
  sessionsPerSchoolDay: 12, // intervention sessions: the synthetic data has 590 a school day across 50 schools
  recordedInWindow: 0.5, // half of them recorded in the 30 minutes after lessons end, the rest as they happen
  windowSec: 1_800,
  // My sessions is read on opening and again after each save, each time with every group its person runs: per
  // session recorded, 1.47 reads of the list and 7.7 of a group in the synthetic data.
  mineReadsPerRecord: 1.5,
  groupReadsPerRecord: 7.7,
  sencosActive: 1 / 3, // a third of SENCOs in the app in that half hour,
  sencoViewsPerMinute: 1, // a page a minute,
  registerViews: 0.4, // 40% of them register pages, the rest pupil pages
  parentAccounts: 0.25, // families of pupils with a plan who have an account,
  parentReadsPerMonth: 2, // reading the plan twice a month,
  parentBusiestHour: 0.2, // a fifth of a day's reads in the evening's busiest hour, counted as if at 15:30
  headsDaily: 0.1, // heads who open the dashboard on a school day,
  headsInWindow: 0.25, // a quarter of them in the half hour
  busiestMinute: 1.5, // the busiest minute against the half hour's mean (lessons end at 15:00, 15:15, 15:30)
} as const;
export type England = Record<keyof typeof ENGLAND, number>;

export type Kind = 'record' | 'sessions' | 'register' | 'pupil' | 'parent' | 'dashboard';
export const KIND_LABEL: Record<Kind, string> = {
  record: 'recording a session',
  sessions: 'My sessions (staff)',
  register: 'register page (SENCO)',
  pupil: 'pupil page (SENCO)',
  parent: 'parent reading the plan',
  dashboard: "head's dashboard",
};
/** Requests each page sends on opening (apps/web/src): register 2, pupil 4, a parent's child page 4, dashboard 8. */
const PAGE_REQUESTS = { register: 2, pupil: 4, parent: 4, dashboard: 8 } as const;

/** Requests a second of each kind, the mean over England's busiest half hour. */
export function englandRates(e: England = ENGLAND): Record<Kind, number> {
  const records = (e.schools * e.sessionsPerSchoolDay * e.recordedInWindow) / e.windowSec;
  const sencoViews = (e.schools * e.sencosActive * e.sencoViewsPerMinute) / 60;
  const parentViews = (((e.pupilsWithPlans * e.parentAccounts * e.parentReadsPerMonth) / 30) * e.parentBusiestHour) / 3600;
  return {
    record: records,
    sessions: records * (e.mineReadsPerRecord + e.groupReadsPerRecord),
    register: sencoViews * e.registerViews * PAGE_REQUESTS.register,
    pupil: sencoViews * (1 - e.registerViews) * PAGE_REQUESTS.pupil,
    parent: parentViews * PAGE_REQUESTS.parent,
    dashboard: ((e.schools * e.headsDaily * e.headsInWindow) / e.windowSec) * PAGE_REQUESTS.dashboard,
  };
}

/** England's peak: its busiest minute, in requests a second. */
export const englandPeak = (e: England = ENGLAND): number => Object.values(englandRates(e)).reduce((a, b) => a + b, 0) * e.busiestMinute;

/**
 * The mix: England's shares, except that parents and heads (0.6% and 0.2% of England's requests) are raised to 1%
 * each, so every step measures a few of them. The dashboard is the heaviest kind (its report figures alone can
 * take over 100 ms): that errs towards a lower rate held, so towards more processes.
 */
export function mixWeights(floor = 0.01): Record<Kind, number> {
  const rates = englandRates();
  const total = Object.values(rates).reduce((a, b) => a + b, 0);
  const kinds = Object.keys(rates) as Kind[];
  const low = kinds.filter((k) => rates[k] / total < floor);
  const scale = (1 - floor * low.length) / kinds.filter((k) => !low.includes(k)).reduce((a, k) => a + rates[k], 0);
  return Object.fromEntries(kinds.map((k) => [k, low.includes(k) ? floor : rates[k] * scale])) as Record<Kind, number>;
}

export interface SchoolDayContext {
  apiUrl: string;
  /** The superuser pool: parents' accounts and the sessions' reset (benchmark data only, as bench.ts's trust lead). */
  su: pg.Pool;
  sample: { id: string; urn: string }[];
  sencoTokens: Map<string, string>;
  login: (email: string) => Promise<string>;
  asOf: string;
  stepSec: number;
  connections: number;
  say: (line: string) => void;
  apiRssMb: () => number | null;
}
type Req = { kind: Kind; method: 'GET' | 'POST'; path: string; token: string; body?: string; session?: string };
type Sample = { kind: Kind; route: string; ms: number; error: string | null };
type Step = {
  rate: number;
  all: Figures;
  kinds: Partial<Record<Kind, Figures>>;
  routes: Record<string, Figures>;
  firstErrors: string[];
  samples: Sample[];
  wallMs: number;
};
type Row = { scenario: string; subject: Figures; baselines: { name: string; figures: Figures }[]; target: { text: string; met: boolean }; notes: string[] };

const P99_LIMIT_MS = 100;
const MAX_RATE = 5_120;

/**
 * The search for the highest rate held: doubling from `start` (no further than `ceiling`, then 25% a step) until a
 * rate fails; if `start` itself fails, halving until one holds, down to a quarter of `start` (and never below 5/s, where
 * a step of 100 × stepSec requests would last minutes); then bisecting between the highest rate held and the lowest
 * failed, to within 5% (at most 6 more rates). `holds` runs a rate's steps: what it held, or null.
 */
export async function highestRateHeld<S extends { rate: number }>(
  holds: (rate: number) => Promise<S | null>,
  start: number,
  ceiling: number,
): Promise<S | null> {
  let held: S | null = null;
  let failed = Number.POSITIVE_INFINITY;
  const next = (rate: number) => (rate < ceiling ? Math.min(2 * rate, ceiling) : Math.round(1.25 * rate));
  for (let rate = start; rate <= MAX_RATE && failed === Number.POSITIVE_INFINITY; rate = next(rate)) {
    const s = await holds(rate);
    if (s) held = s;
    else failed = rate;
  }
  const lowest = lowestRate(start);
  for (let rate = Math.round(start / 2); !held && rate >= lowest; rate = Math.round(rate / 2)) {
    const s = await holds(rate);
    if (s) held = s;
    else failed = rate;
  }
  for (let k = 0; held && failed - held.rate > Math.max(1, held.rate * 0.05) && k < 6; k++) {
    const mid = Math.round((held.rate + failed) / 2);
    const s = await holds(mid);
    if (s) held = s;
    else failed = mid;
  }
  return held;
}

/** The lowest rate the search tries where its start fails. */
const lowestRate = (start: number) => Math.max(5, Math.round(start / 4));

const PER_SCHOOL = { staff: 4, parents: 2, pupils: 5 };
const TIMEOUT_MS = 10_000;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const ms = (x: number) => (Number.isFinite(x) ? `${x.toFixed(x < 10 ? 1 : 0)} ms` : '–');
const redact = (text: string) => text.replace(/[0-9a-f]{8}-[0-9a-f-]{27}/g, ':id');

/** A seeded generator (a 32-bit LCG, Numerical Recipes' constants): every run sends the same kinds, requests and gaps. */
const seeded = (seed: number) => () => (seed = (Math.imul(seed, 1_664_525) + 1_013_904_223) >>> 0) / 4_294_967_296;

export async function runSchoolDay(ctx: SchoolDayContext): Promise<{ rows: Row[]; extras: Record<string, unknown> }> {
  const { su, sample, say, asOf } = ctx;
  const rng = seeded(8);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rng() * xs.length)]!;
  const weights = mixWeights();
  const minRequests = 100 * ctx.stepSec;
  const stepText = `steps of ${ctx.stepSec} s or ${minRequests} requests, the longer`;
  say(`▶ 8. a school day's mix at England's peak shape: open loop, ${stepText}, p99 ≤ ${P99_LIMIT_MS} ms, any error fails a step`);
  say(`  mix: ${(Object.keys(weights) as Kind[]).map((k) => `${KIND_LABEL[k]} ${(weights[k] * 100).toFixed(1)}%`).join(', ')}`);

  // ---- who: each sample school's SENCO (logged in by bench.ts), its head, the staff who run the most groups, and
  // parents of pupils with an active plan. The scale seed makes no parent accounts, so the bench makes a few: a
  // user with the parent role who is the pupil's first contact (contacts.user_id, as an accepted invitation links it).
  const pupils = (
    await su.query<{ school: string; pupil: string }>(
      `select school_id as school, pupil_id as pupil from (select school_id, pupil_id, row_number() over (partition by school_id order by pupil_id) as k
         from plan_cycles where school_id = any($1) and status = 'active') x where k <= $2 order by 1, 2`,
      [sample.map((s) => s.id), PER_SCHOOL.pupils],
    )
  ).rows;
  if (pupils.length === 0) throw new Error('no pupil of the sample schools has an active plan');
  const heads: { school: string; token: string }[] = [];
  const parents: { school: string; pupil: string; token: string }[] = [];
  const staff: { school: string; token: string; groups: string[] }[] = [];
  for (const s of sample) {
    heads.push({ school: s.id, token: await ctx.login(`head.${s.urn}@${EMAIL_DOMAIN}`) });
    const children = pupils.filter((x) => x.school === s.id).slice(0, PER_SCHOOL.parents);
    for (const [k, p] of children.entries()) {
      const email = `parent.bench${k + 1}.${s.urn}@${EMAIL_DOMAIN}`;
      const linked = await su.query(
        `with u as (insert into users (email, display_name, password_hash)
                    select $1, 'Benchmark Parent', password_hash from users where email = $4
                    on conflict (email) do update set display_name = excluded.display_name returning id),
              m as (insert into memberships (school_id, user_id, role) select $2, id, 'parent' from u on conflict do nothing)
         update contacts set user_id = (select id from u) where school_id = $2 and (user_id is null or user_id = (select id from u))
            and id = (select contact_id from pupil_contacts where school_id = $2 and pupil_id = $3 order by priority limit 1)`,
        [email, s.id, p.pupil, `head.${s.urn}@${EMAIL_DOMAIN}`],
      );
      if (linked.rowCount === 1) parents.push({ school: s.id, pupil: p.pupil, token: await ctx.login(email) });
    }
  }
  const staffRows = await su.query<{ school: string; email: string; groups: string[] }>(
    `select school, email, groups from (
       select gs.school_id as school, u.email, array_agg(gs.group_id order by gs.group_id) as groups,
              row_number() over (partition by gs.school_id order by count(*) desc, u.email) as k
         from group_staff gs join users u on u.id = gs.user_id
         join memberships m on m.user_id = u.id and m.school_id = gs.school_id and m.role = 'teacher'
        where gs.school_id = any($1) group by gs.school_id, u.email) x where k <= $2 order by 1, 2`,
    [sample.map((s) => s.id), PER_SCHOOL.staff],
  );
  for (const r of staffRows.rows) staff.push({ school: r.school, token: await ctx.login(r.email), groups: r.groups });

  // ---- what they record: the last four weeks' sessions of those groups, set back to planned first (as scenario 3
  // does), each recorded alone, as My sessions saves one; after each step its sessions are set back to planned
  // again and return to the queue, so every step records the same kind of work.
  const from = addDays(asOf, -27);
  await resetSessions(su, `group_id = any($1) and date between $2 and $3`, [staff.flatMap((s) => s.groups), from, asOf]);
  const recordable = new Map<string, Req>();
  for (const s of staff) {
    const mine = await getJson<{ groupId: string; sessions: { id: string; status: string; minutes: number; enrolled: string[] }[] }[]>(
      `${ctx.apiUrl}/v1/schools/${s.school}/sessions/mine?from=${from}&to=${asOf}`,
      s.token,
    );
    for (const g of mine)
      for (const x of g.sessions.filter((x) => x.status === 'planned' && !recordable.has(x.id))) {
        const attendance = x.enrolled.map((pupilId) => ({ pupilId, present: true }));
        const body = JSON.stringify({ sessions: [{ sessionId: x.id, status: 'delivered', actualMinutes: x.minutes, attendance }] });
        const path = `/v1/schools/${s.school}/intervention-groups/${g.groupId}/sessions/record`;
        recordable.set(x.id, { kind: 'record', method: 'POST', path, token: s.token, body, session: x.id });
      }
  }
  const queue = [...recordable.values()];
  for (let i = queue.length - 1; i > 0; i--) {
    const j = Math.floor(rng() * (i + 1));
    [queue[i], queue[j]] = [queue[j]!, queue[i]!];
  }
  say(
    `  ${sample.length} schools: ${staff.length} staff who run groups, ${heads.length} heads, ${parents.length} parents (made by the bench), ${queue.length} sessions to record`,
  );

  // ---- each kind's requests, as its page sends them (apps/web/src/pages and features): one chosen at a time
  const monday = addDays(asOf, -((new Date(`${asOf}T12:00:00Z`).getUTCDay() + 6) % 7));
  const year = academicYearOf(asOf);
  const sch = (id: string) => `/v1/schools/${id}`;
  const get = (kind: Kind, token: string, paths: string[]): Req => ({ kind, method: 'GET', path: pick(paths), token });
  const makers: Record<Kind, () => Req | null> = {
    record: () => queue.shift() ?? null,
    sessions: () => {
      const s = pick(staff);
      const mine = rng() < ENGLAND.mineReadsPerRecord / (ENGLAND.mineReadsPerRecord + ENGLAND.groupReadsPerRecord);
      const path = mine ? `sessions/mine?from=${addDays(monday, -7)}&to=${addDays(monday, 6)}` : `intervention-groups/${pick(s.groups)}`;
      return get('sessions', s.token, [`${sch(s.school)}/${path}`]);
    },
    register: () => {
      const s = pick(sample);
      const list = `${sch(s.id)}/register?${pick(['', 'status=K,E&'])}sort=name&order=asc&limit=50`;
      return get('register', ctx.sencoTokens.get(s.id)!, [`${sch(s.id)}/register/summary`, list]);
    },
    pupil: () => {
      const p = pick(pupils);
      const base = `${sch(p.school)}/pupils/${p.pupil}`;
      return get('pupil', ctx.sencoTokens.get(p.school)!, [base, `${base}/plan`, `${base}/deliveries`, `${base}/provision-map`]);
    },
    parent: () => {
      const p = pick(parents);
      const base = `${sch(p.school)}/pupils/${p.pupil}`;
      return get('parent', p.token, [`${sch(p.school)}/children`, base, `${base}/plan`, `${base}/provision-map`]);
    },
    dashboard: () => {
      const h = pick(heads);
      const trend = [12, 9, 6, 3].map((months) => `${sch(h.school)}/register/summary?asOf=${addDays(asOf, -Math.round(months * 30.4))}`);
      const rest = [`sen-reports/${year}`, 'plan-flags?code=review_overdue', `provision-map?academicYear=${year}`].map((p) => `${sch(h.school)}/${p}`);
      return get('dashboard', h.token, [`${sch(h.school)}/register/summary`, ...trend, ...rest]);
    },
  };
  const kinds = (Object.keys(weights) as Kind[]).filter((k) => (k !== 'parent' || parents.length > 0) && (k !== 'sessions' || staff.length > 0));
  const nextRequest = (): { kind: Kind; req: Req | null } => {
    let x = rng() * kinds.reduce((a, k) => a + weights[k], 0);
    const kind = kinds.find((k) => (x -= weights[k]) < 0) ?? kinds.at(-1)!;
    return { kind, req: makers[kind]() };
  };

  // ---- the driver: node:http, keep-alive. A latency runs from the request's scheduled arrival (open loop) or its
  // send (closed loop) to the end of its response, so a load generator that falls behind counts against the API.
  const agent = new http.Agent({ keepAlive: true, maxSockets: 256 });
  const attempted: string[] = [];
  const send = async ({ kind, req: r }: { kind: Kind; req: Req | null }, since: number): Promise<Sample> => {
    if (!r) return { kind, route: 'POST record', ms: 0, error: 'no planned session left to record' };
    if (r.session) attempted.push(r.session);
    const headers = { authorization: `Bearer ${r.token}`, ...(r.body ? { 'content-type': 'application/json' } : {}) };
    const { status, text } = await new Promise<{ status: number; text: string }>((resolve) => {
      const req = http.request(`${ctx.apiUrl}${r.path}`, { method: r.method, agent, timeout: TIMEOUT_MS, headers }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => res.statusCode !== 200 && chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString().slice(0, 200) }));
      });
      req.on('timeout', () => req.destroy(new Error(`no response in ${TIMEOUT_MS} ms`)));
      req.on('error', (e) => resolve({ status: 0, text: e.message }));
      req.end(r.body);
    });
    const route = `${r.method} ${redact(r.path.replace(/\?.*$/, ''))}`;
    return { kind, route, ms: performance.now() - since, error: status === 200 ? null : `${route}: ${status} ${redact(text)}` };
  };
  const passes = (s: Step) => s.all.errors === 0 && s.all.p99 <= P99_LIMIT_MS;
  const summarise = (rate: number, samples: Sample[], wallMs: number): Step => {
    const of = (xs: Sample[]) =>
      figures(
        xs.map((s) => s.ms),
        wallMs,
        xs.filter((s) => s.error).length,
      );
    const kindsOf: Partial<Record<Kind, Figures>> = {};
    for (const k of kinds) kindsOf[k] = of(samples.filter((s) => s.kind === k));
    const routes: Record<string, Figures> = {};
    for (const key of new Set(samples.map((s) => `${s.kind}: ${s.route}`))) routes[key] = of(samples.filter((s) => `${s.kind}: ${s.route}` === key));
    const firstErrors = [...new Set(samples.flatMap((s) => (s.error ? [s.error] : [])))].slice(0, 3);
    return { rate, all: of(samples), kinds: kindsOf, routes, firstErrors, samples, wallMs };
  };
  const afterStep = async (step: Step): Promise<Step> => {
    // The step's recorded sessions, planned again and back in the queue (not timed); a pause, longer after a failure.
    const done = attempted.splice(0);
    if (done.length > 0) await resetSessions(su, `id = any($1)`, [done]);
    queue.push(...done.map((id) => recordable.get(id)!));
    await sleep(passes(step) ? 1000 : 3000);
    return step;
  };
  const open = async (rate: number, seconds: number): Promise<Step> => {
    const samples: Sample[] = [];
    const pending = new Set<Promise<void>>();
    const t0 = performance.now();
    const gap = () => -Math.log(1 - rng()) * (1000 / rate);
    for (let at = gap(); at < seconds * 1000; at += gap()) {
      const wait = t0 + at - performance.now();
      if (wait >= 1) await sleep(wait);
      const p: Promise<void> = send(nextRequest(), t0 + at).then((s) => {
        samples.push(s);
        pending.delete(p);
      });
      pending.add(p);
    }
    await Promise.all(pending);
    return afterStep(summarise(rate, samples, performance.now() - t0));
  };
  const closed = async (connections: number, seconds: number): Promise<Step> => {
    const samples: Sample[] = [];
    const t0 = performance.now();
    const loop = async () => {
      while (performance.now() - t0 < seconds * 1000) samples.push(await send(nextRequest(), performance.now()));
    };
    await Promise.all(Array.from({ length: connections }, loop));
    const wall = performance.now() - t0;
    return afterStep(summarise(Math.round((samples.length * 1000) / wall), samples, wall));
  };

  // ---- a warm-up (the mix closed loop for one step: the API's JIT and its connections' prepared statements are made
  // here, not in the baseline; after 40 requests of warm-up two baselines gave 301/s and 249/s, after this 443/s and
  // 383/s), the closed-loop baseline, then the search (highestRateHeld): doubling from a quarter of the closed-loop
  // throughput until a rate fails, or halving while none holds, then bisecting to within 5%. A step lasts stepSec or
  // as long as 100 × stepSec requests take, so its p99 is never just its slowest request or two (at 20/s for 5 s it would be the slowest). A rate holds when two of (at
  // most) three steps at it pass, so neither one step a stall of the machine spoiled (a GC pause, a checkpoint, other
  // work) nor one lucky step decides it; its figures are over those two steps' requests together (their p99 is at most
  // the larger of the two). Doubling goes no further than 1.25× the closed-loop throughput, and 25% a step beyond it:
  // steps far above what the API completes left it slower for the steps after (runs that went to twice that throughput
  // then failed at rates they had held).
  const steps: Step[] = [];
  const holds = async (rate: number): Promise<Step | null> => {
    const tries: Step[] = [];
    while (tries.filter(passes).length < 2 && tries.filter((t) => !passes(t)).length < 2) {
      const s = await open(rate, Math.max(ctx.stepSec, minRequests / rate));
      tries.push(s);
      steps.push(s);
      const errors = s.firstErrors.length > 0 ? ` (${s.firstErrors.join(' | ')})` : '';
      const line = `${String(rate).padStart(5)}/s: p50 ${ms(s.all.p50)}, p99 ${ms(s.all.p99)}, ${s.all.n} requests, ${s.all.errors} errors`;
      say(`  ${line} ${passes(s) ? '✓' : '✗'}${errors}`);
    }
    const ok = tries.filter(passes);
    return ok.length < 2
      ? null
      : summarise(
          rate,
          ok.flatMap((t) => t.samples),
          ok.reduce((a, t) => a + t.wallMs, 0),
        );
  };
  await closed(ctx.connections, ctx.stepSec);
  const baseline = await closed(ctx.connections, ctx.stepSec);
  const closedLine = `closed loop, ${ctx.connections} connections: ${baseline.rate}/s, p50 ${ms(baseline.all.p50)}, p99 ${ms(baseline.all.p99)}`;
  say(`  ${closedLine}, ${baseline.all.errors} errors`);
  const start = Math.max(10, Math.round(baseline.rate / 4));
  const held = await highestRateHeld(holds, start, Math.round(baseline.rate * 1.25));
  agent.destroy();

  // ---- the result, and England's peak in processes of this machine's size
  const peak = englandPeak();
  const processes = held ? Math.ceil(peak / held.rate) : null;
  const perKind = held ? (Object.keys(held.kinds) as Kind[]).map((k) => `${KIND_LABEL[k]} p99 ${ms(held.kinds[k]!.p99)} (n ${held.kinds[k]!.n})`) : [];
  const england = `England's peak ≈ ${Math.round(peak).toLocaleString('en-GB')} req/s (assumptions in docs/performance.md) → ${processes ?? '?'} API processes of this machine's size at p99 ≤ ${P99_LIMIT_MS} ms`;
  if (held) say(`  highest rate held: ${held.rate}/s, p50 ${ms(held.all.p50)}, p99 ${ms(held.all.p99)}; p99 by kind: ${perKind.join('; ')}`);
  else say(`  no rate held p99 ≤ ${P99_LIMIT_MS} ms without an error, not even ${lowestRate(start)}/s`);
  say(`  ${england}`);
  const subject = (held ?? steps[0])!;
  const target = held ? `p99 ≤ ${P99_LIMIT_MS} ms held at ${held.rate}/s; England's peak ${Math.round(peak)}/s → ${processes} processes` : 'no rate held';
  return {
    rows: [
      {
        scenario: `8. school day's mix, open loop: highest rate at p99 ≤ ${P99_LIMIT_MS} ms`,
        subject: subject.all,
        baselines: [{ name: `the same mix closed loop, ${ctx.connections} connections (no latency bound)`, figures: baseline.all }],
        target: { text: target, met: held !== null },
        notes: [...perKind, england, `API peak RSS after the mix: ${ctx.apiRssMb() ?? '?'} MB`],
      },
    ],
    extras: {
      weights,
      englandRates: englandRates(),
      englandPeak: Math.round(peak),
      processes,
      stepSec: ctx.stepSec,
      held: held && { rate: held.rate, all: held.all, kinds: held.kinds, routes: held.routes },
      baseline: { all: baseline.all, kinds: baseline.kinds, routes: baseline.routes },
      steps: steps.map((s) => ({ rate: s.rate, p50: s.all.p50, p99: s.all.p99, n: s.all.n, errors: s.all.errors, passed: passes(s) })),
    },
  };
}

async function getJson<T>(url: string, token: string): Promise<T> {
  const res = await fetch(url, { headers: { authorization: `Bearer ${token}` } });
  if (!res.ok) throw new Error(`GET ${redact(new URL(url).pathname)}: ${res.status}`);
  return (await res.json()) as T;
}

/** Sets the chosen sessions back to planned (benchmark data only; triggers bypassed as the superuser). */
async function resetSessions(su: pg.Pool, where: string, params: unknown[]): Promise<void> {
  const client = await su.connect();
  try {
    await client.query('begin');
    await client.query(`set local session_replication_role = replica`);
    const ids = `select id from intervention_sessions where ${where}`;
    await client.query(`delete from session_corrections where session_id in (${ids})`, params);
    await client.query(`delete from session_attendance where session_id in (${ids})`, params);
    await client.query(
      `update intervention_sessions set status = 'planned', cancel_reason = null, actual_minutes = null, note = null, recorded_by = null, recorded_at = null where id in (${ids})`,
      params,
    );
    await client.query('commit');
  } catch (err) {
    await client.query('rollback');
    throw err;
  } finally {
    client.release(true); // closed now, not left idle in the pool: the bench stops PostgreSQL soon after the last reset
  }
}
