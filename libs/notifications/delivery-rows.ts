import type { EntityManager } from 'typeorm';
import { Delivery, PlatformDelivery, type AnyDelivery } from './delivery.entity.js';

/**
 * Set-based statements over several deliveries or events, of a school's tables (keyed by school_id and id, the
 * rows of several schools at once) or of platform mail's (keyed by id, no school). Each statement takes the
 * keys as arrays and joins them with `unnest`, so a batch of fifty costs one round trip, not fifty.
 */
export type Side = 'school' | 'platform';

/** A row's key: its school (null for platform mail) and its id. */
export interface RowKey {
  schoolId: string | null;
  id: string;
}

export const OPEN = ['queued', 'sending', 'retrying'];

/** `unnest(...) k(...)`, the join condition on `alias`, and the parameters from `$first`. */
function keyed(side: Side, alias: string, keys: readonly RowKey[], first: number): { from: string; on: string; params: unknown[] } {
  const ids = keys.map((k) => k.id);
  if (side === 'platform') return { from: `unnest($${first}::uuid[]) as k(id)`, on: `${alias}.id = k.id`, params: [ids] };
  return {
    from: `unnest($${first}::uuid[], $${first + 1}::uuid[]) as k(school_id, id)`,
    on: `${alias}.school_id = k.school_id and ${alias}.id = k.id`,
    params: [keys.map((k) => k.schoolId), ids],
  };
}

const deliveriesOf = (side: Side) => (side === 'platform' ? 'platform_deliveries' : 'deliveries');
const eventsOf = (side: Side) => (side === 'platform' ? 'platform_outbox_events' : 'outbox_events');
/** Keys in one order everywhere (school, then id), so two batches lock what they share in the same order. */
const inKeyOrder = (a: RowKey, b: RowKey) => (a.schoolId ?? '').localeCompare(b.schoolId ?? '') || a.id.localeCompare(b.id);

/** The deliveries, locked for the rest of the transaction in key order (so two batches never deadlock). */
export function lockDeliveries(m: EntityManager, side: Side, keys: readonly RowKey[]): Promise<AnyDelivery[]> {
  const ids = keys.map((k) => k.id);
  if (side === 'platform')
    return m
      .createQueryBuilder(PlatformDelivery, 'r')
      .where('r.id = any(cast(:ids as uuid[]))', { ids })
      .orderBy('r.id')
      .setLock('pessimistic_write')
      .getMany();
  return m
    .createQueryBuilder(Delivery, 'r')
    .where('(r.school_id, r.id) in (select * from unnest(cast(:schools as uuid[]), cast(:ids as uuid[])))', { schools: keys.map((k) => k.schoolId), ids })
    .orderBy('r.school_id')
    .addOrderBy('r.id')
    .setLock('pessimistic_write')
    .getMany();
}

/** Email deliveries taken for sending: a lease, one more attempt, and a fixed Message-ID. */
export async function markSending(m: EntityManager, side: Side, keys: readonly RowKey[], leaseUntil: Date): Promise<void> {
  if (keys.length === 0) return;
  const k = keyed(side, 'd', keys, 2);
  await m.query(
    `update ${deliveriesOf(side)} d
        set status = 'sending', attempts = d.attempts + 1, lease_until = $1,
            -- An earlier attempt was cut off mid-send: the server may already have this message.
            possible_duplicate = d.possible_duplicate or d.status = 'sending',
            message_id = '<' || d.id || '@sen-manager.local>', updated_at = now()
       from ${k.from} where ${k.on}`,
    [leaseUntil, ...k.params],
  );
}

export interface Outcome extends RowKey {
  status: 'sent' | 'retrying' | 'failed' | 'bounced';
  error: string | null;
}

/**
 * Deliveries made final or put back for a retry, each with its own status and error. A final one's sealed
 * secret goes (a sent link's token is not kept, even sealed); `sentAt` is set on those sent.
 */
export async function markOutcomes(
  m: EntityManager,
  side: Side,
  rows: readonly Outcome[],
  now: Date,
  /** An in-app message is put in the inbox in the transaction that takes it: that is its attempt. */
  countAttempt = false,
): Promise<void> {
  if (rows.length === 0) return;
  const platform = side === 'platform';
  await m.query(
    `update ${deliveriesOf(side)} d
        set status = k.status, lease_until = null, last_error = k.error, updated_at = now(),
            sent_at = case when k.status = 'sent' then $3::timestamptz else d.sent_at end,
            attempts = d.attempts + $4::int,
            secret_sealed = case when k.status = 'retrying' then d.secret_sealed end
       from unnest($1::text[], $2::text[], $5::uuid[]${platform ? '' : ', $6::uuid[]'}) as k(status, error, id${platform ? '' : ', school_id'})
      where d.id = k.id${platform ? '' : ' and d.school_id = k.school_id'}`,
    [rows.map((r) => r.status), rows.map((r) => r.error), now, countAttempt ? 1 : 0, rows.map((r) => r.id), ...(platform ? [] : [rows.map((r) => r.schoolId)])],
  );
}

/**
 * After deliveries are final: the formal notice is recorded as given once every parent with parental
 * responsibility has it on at least one channel (CFA 2014 s.68), and each event is complete when nothing of
 * it is left to send.
 */
export async function afterFinal(m: EntityManager, side: Side, finals: readonly Pick<AnyDelivery, 'schoolId' | 'eventId' | 'statutory'>[]): Promise<void> {
  const events = distinctKeys(finals.map((d) => ({ schoolId: d.schoolId, id: d.eventId })));
  if (events.length === 0) return;
  // Deliveries of one event finish in parallel: without this lock two transactions could each see the other's
  // delivery as unsent, and neither would record the notice as given. Locked in key order, as every batch does.
  const k = keyed(side, 'e', events, 1);
  await m.query(
    `select 1 from ${eventsOf(side)} e join ${k.from} on ${k.on} order by e.${side === 'platform' ? 'id' : 'school_id, e.id'} for update of e`,
    k.params,
  );
  const statutory = distinctKeys(finals.filter((d) => d.statutory).map((d) => ({ schoolId: d.schoolId, id: d.eventId })));
  if (side === 'school' && statutory.length > 0) {
    const s = keyed(side, 'x', statutory, 1);
    await m.query(
      `update sen_status_entries e set parents_notified_at = now()
         from ${s.from}
        where e.school_id = k.school_id and e.notice_event_id = k.id and e.parents_notified_at is null
          and not exists (select 1 from deliveries x where x.school_id = k.school_id and x.event_id = k.id and x.parental_responsibility
                          group by x.recipient_id having not bool_or(x.status = 'sent'))`,
      s.params,
    );
  }
  await completeIfDone(m, side, events);
}

/** Each event whose deliveries are all final is complete. */
export async function completeIfDone(m: EntityManager, side: Side, events: readonly RowKey[]): Promise<void> {
  const k = keyed(side, 'o', events, 2);
  const deliveryOn = side === 'platform' ? 'd.event_id = o.id' : 'd.school_id = o.school_id and d.event_id = o.id';
  await m.query(
    `update ${eventsOf(side)} o set completed_at = now()
       from ${k.from}
      where ${k.on} and o.completed_at is null and o.processed_at is not null
        and not exists (select 1 from ${deliveriesOf(side)} d where ${deliveryOn} and d.status = any($1::text[]))`,
    [OPEN, ...k.params],
  );
}

function distinctKeys(keys: RowKey[]): RowKey[] {
  const seen = new Map(keys.map((k) => [`${k.schoolId ?? ''}/${k.id}`, k]));
  return [...seen.values()].sort(inKeyOrder);
}
