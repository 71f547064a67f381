import { Injectable } from '@nestjs/common';
import { TenantTransactions } from '#libs/database';

/** A school's events, and platform mail's (account emails to someone in no school), which have no school_id. */
const TABLES = [
  { name: 'outbox_events', school: 'school_id' },
  { name: 'platform_outbox_events', school: 'null::uuid' },
] as const;

export interface RelayedEvent {
  id: string;
  /** Null for an account email to someone in no school. */
  schoolId: string | null;
  /** So the worker sends each event to its handler without reading it first. */
  type: string;
}

/**
 * Moves committed outbox events to the queue. The enqueue happens inside the transaction that marks them
 * relayed, after the events were committed by their own transactions: if Redis refuses, nothing is marked
 * and the next tick tries again; if the process dies after enqueueing and before marking, the events are
 * enqueued again under the same job ids (a no-op while the jobs exist; the fan-out is idempotent anyway).
 * `skip locked` lets several workers relay at once without taking the same events.
 */
@Injectable()
export class OutboxRelay {
  constructor(private readonly tx: TenantTransactions) {}

  async relayOnce(enqueue: (events: RelayedEvent[]) => Promise<void>, limit = 200): Promise<number> {
    return this.tx.run({ schoolIds: [], outboxRelay: true }, async (m) => {
      // Oldest first within each table; platform mail takes what the schools' events leave of the limit.
      const taken: { table: (typeof TABLES)[number]; rows: { id: string; school_id: string | null; type: string }[] }[] = [];
      let left = limit;
      for (const table of TABLES) {
        if (left === 0) break;
        const rows = await m.query<{ id: string; school_id: string | null; type: string }[]>(
          `select id, ${table.school} as school_id, type from ${table.name} where relayed_at is null order by occurred_at limit $1 for update skip locked`,
          [left],
        );
        left -= rows.length;
        if (rows.length > 0) taken.push({ table, rows });
      }
      const all = taken.flatMap((t) => t.rows);
      if (all.length === 0) return 0;
      await enqueue(all.map((r) => ({ id: r.id, schoolId: r.school_id, type: r.type })));
      for (const { table, rows } of taken) await m.query(`update ${table.name} set relayed_at = now() where id = any($1::uuid[])`, [rows.map((r) => r.id)]);
      return all.length;
    });
  }

  /** Events relayed a while ago and still not complete: their jobs may have been lost (say, Redis restarted empty). */
  async stale(relayedBefore: Date, limit = 500): Promise<RelayedEvent[]> {
    return this.tx.run({ schoolIds: [], outboxRelay: true }, async (m) => {
      const rows = await m.query<{ id: string; school_id: string | null; type: string }[]>(
        `select id, school_id, type from (${TABLES.map(
          (t) =>
            `select id, ${t.school} as school_id, type, relayed_at from ${t.name} where relayed_at is not null and relayed_at < $1 and completed_at is null`,
        ).join(' union all ')}) e order by relayed_at limit $2`,
        [relayedBefore, limit],
      );
      return rows.map((r) => ({ id: r.id, schoolId: r.school_id, type: r.type }));
    });
  }

  /** The type of one event, for a fan-out job queued before jobs carried it; null when the event is gone. */
  async typeOf(schoolId: string | null, eventId: string): Promise<string | null> {
    const scope = schoolId === null ? { schoolIds: [], outboxRelay: true } : { schoolIds: [schoolId], pupilAccess: 'all' as const };
    return this.tx.run(scope, async (m) => {
      const [row] =
        schoolId === null
          ? await m.query<{ type: string }[]>(`select type from platform_outbox_events where id = $1`, [eventId])
          : await m.query<{ type: string }[]>(`select type from outbox_events where school_id = $1 and id = $2`, [schoolId, eventId]);
      return row?.type ?? null;
    });
  }

  /** How many events are waiting to be relayed or to complete (for health and tests). */
  async backlog(): Promise<{ unrelayed: number; incomplete: number }> {
    return this.tx.run({ schoolIds: [], outboxRelay: true }, async (m) => {
      const [row] = await m.query<{ unrelayed: number; incomplete: number }[]>(
        `select count(*) filter (where relayed_at is null)::int as unrelayed, count(*) filter (where completed_at is null)::int as incomplete
           from (${TABLES.map((t) => `select relayed_at, completed_at from ${t.name}`).join(' union all ')}) e`,
      );
      return row!;
    });
  }
}
