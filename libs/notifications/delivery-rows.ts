import type { EntityManager } from 'typeorm';
import { Delivery, PlatformDelivery, type AnyDelivery } from './delivery.entity.js';

/**
 * Set-based statements over several deliveries or events of one side: a school's (keyed by school_id and id)
 * or platform mail's (keyed by id, no school). Each statement takes the keys as arrays and joins them with
 * `unnest`, so a batch of fifty costs one round trip, not fifty.
 */
export interface Side {
  /** null: platform mail (platform_deliveries, platform_outbox_events). */
  readonly schoolId: string | null;
}

export const OPEN = ['queued', 'sending', 'retrying'];

/** `from unnest(...) k(...)` and the join condition on `alias`, with its parameters from `$first`. */
function keyed(side: Side, alias: string, ids: readonly string[], first: number): { from: string; on: string; params: unknown[] } {
  if (side.schoolId === null) return { from: `unnest($${first}::uuid[]) as k(id)`, on: `${alias}.id = k.id`, params: [ids] };
  return {
    from: `unnest($${first}::uuid[]) as k(id)`,
    on: `${alias}.school_id = $${first + 1} and ${alias}.id = k.id`,
    params: [ids, side.schoolId],
  };
}

const deliveriesOf = (side: Side) => (side.schoolId === null ? 'platform_deliveries' : 'deliveries');
const eventsOf = (side: Side) => (side.schoolId === null ? 'platform_outbox_events' : 'outbox_events');

/** The deliveries, locked for the rest of the transaction in the order of their ids (so two batches never deadlock). */
export function lockDeliveries(m: EntityManager, side: Side, ids: readonly string[]): Promise<AnyDelivery[]> {
  const qb =
    side.schoolId === null
      ? m.createQueryBuilder(PlatformDelivery, 'r').where('r.id = any(cast(:ids as uuid[]))', { ids })
      : m.createQueryBuilder(Delivery, 'r').where('r.school_id = :schoolId and r.id = any(cast(:ids as uuid[]))', { schoolId: side.schoolId, ids });
  return qb.orderBy('r.id').setLock('pessimistic_write').getMany();
}

/** Email deliveries taken for sending: a lease, one more attempt, and a fixed Message-ID. */
export async function markSending(m: EntityManager, side: Side, ids: readonly string[], leaseUntil: Date): Promise<void> {
  if (ids.length === 0) return;
  const k = keyed(side, 'd', ids, 2);
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

/**
 * Deliveries made final or put back for a retry, each with its own status and error. A final one's sealed
 * secret goes (a sent link's token is not kept, even sealed); `sentAt` is set on those sent.
 */
export async function markOutcomes(
  m: EntityManager,
  side: Side,
  rows: readonly { id: string; status: 'sent' | 'retrying' | 'failed' | 'bounced'; error: string | null }[],
  now: Date,
  /** An in-app message is put in the inbox in the transaction that takes it: that is its attempt. */
  countAttempt = false,
): Promise<void> {
  if (rows.length === 0) return;
  const table = deliveriesOf(side);
  const on = side.schoolId === null ? 'd.id = k.id' : 'd.school_id = $6 and d.id = k.id';
  await m.query(
    `update ${table} d
        set status = k.status, lease_until = null, last_error = k.error, updated_at = now(),
            sent_at = case when k.status = 'sent' then $5::timestamptz else d.sent_at end,
            attempts = d.attempts + $4::int,
            secret_sealed = case when k.status = 'retrying' then d.secret_sealed end
       from unnest($1::uuid[], $2::text[], $3::text[]) as k(id, status, error)
      where ${on}`,
    [rows.map((r) => r.id), rows.map((r) => r.status), rows.map((r) => r.error), countAttempt ? 1 : 0, now, ...(side.schoolId === null ? [] : [side.schoolId])],
  );
}

/**
 * After deliveries are final: the formal notice is recorded as given once every parent with parental
 * responsibility has it on at least one channel (CFA 2014 s.68), and each event is complete when nothing of
 * it is left to send.
 */
export async function afterFinal(m: EntityManager, side: Side, finals: readonly Pick<Delivery, 'eventId' | 'statutory'>[]): Promise<void> {
  const eventIds = [...new Set(finals.map((d) => d.eventId))].sort();
  if (eventIds.length === 0) return;
  // Deliveries of one event finish in parallel: without this lock two transactions could each see the other's
  // delivery as unsent, and neither would record the notice as given. Locked in id order, as every batch does.
  const k = keyed(side, 'e', eventIds, 1);
  await m.query(`select 1 from ${eventsOf(side)} e join ${k.from} on ${k.on} order by e.id for update of e`, k.params);
  const statutory = [...new Set(finals.filter((d) => d.statutory).map((d) => d.eventId))];
  if (side.schoolId !== null && statutory.length > 0) {
    await m.query(
      `update sen_status_entries e set parents_notified_at = now()
         from unnest($1::uuid[]) as k(id)
        where e.school_id = $2 and e.notice_event_id = k.id and e.parents_notified_at is null
          and not exists (select 1 from deliveries x where x.school_id = $2 and x.event_id = k.id and x.parental_responsibility
                          group by x.recipient_id having not bool_or(x.status = 'sent'))`,
      [statutory, side.schoolId],
    );
  }
  await completeIfDone(m, side, eventIds);
}

/** Each event whose deliveries are all final is complete. */
export async function completeIfDone(m: EntityManager, side: Side, eventIds: readonly string[]): Promise<void> {
  const k = keyed(side, 'o', eventIds, 2);
  const deliveryOn = side.schoolId === null ? 'd.event_id = o.id' : 'd.school_id = o.school_id and d.event_id = o.id';
  await m.query(
    `update ${eventsOf(side)} o set completed_at = now()
       from ${k.from}
      where ${k.on} and o.completed_at is null and o.processed_at is not null
        and not exists (select 1 from ${deliveriesOf(side)} d where ${deliveryOn} and d.status = any($1::text[]))`,
    [OPEN, ...k.params],
  );
}
