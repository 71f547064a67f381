import { Injectable } from '@nestjs/common';
import { invalid, requestContext } from '#libs/core';
import { TenantTransactions, type SchoolScope } from '#libs/database';
import type { SelectQueryBuilder } from 'typeorm';
import { AuditEvent } from './audit-event.entity.js';
import { PlatformAuditEvent } from './platform-audit-event.entity.js';

export interface AuditEntry {
  action: string;
  entityType: string;
  entityId?: string | null;
  /** Ids and codes only: never names, emails, or needs. */
  details?: Record<string, string | number | boolean | null>;
}

export interface AuditPage {
  items: AuditEvent[];
  nextCursor: string | null;
}

/** Written in the same transaction as the change it records, so neither exists without the other. */
@Injectable()
export class AuditService {
  constructor(private readonly tx: TenantTransactions) {}

  async record(scope: SchoolScope, entry: AuditEntry): Promise<void> {
    const ctx = requestContext.get();
    // An export served from the read replica records it on the primary (TenantTransactions.write).
    await this.tx.write((m) =>
      m.insert(AuditEvent, {
        schoolId: scope.schoolId,
        actorUserId: ctx?.userId ?? null,
        requestId: ctx?.requestId ?? null,
        action: entry.action,
        entityType: entry.entityType,
        entityId: entry.entityId ?? null,
        details: entry.details ?? {},
      }),
    );
  }

  /** Many entries in one statement (bulk work such as an import), each as `record` would write it. */
  async recordMany(scope: SchoolScope, entries: AuditEntry[]): Promise<void> {
    if (entries.length === 0) return;
    const ctx = requestContext.get();
    await this.tx.manager().insert(
      AuditEvent,
      entries.map((entry) => ({
        schoolId: scope.schoolId,
        actorUserId: ctx?.userId ?? null,
        requestId: ctx?.requestId ?? null,
        action: entry.action,
        entityType: entry.entityType,
        entityId: entry.entityId ?? null,
        details: entry.details ?? {},
      })),
    );
  }

  /** Newest first, keyset-paginated on (occurred_at, id). */
  async list(scope: SchoolScope, limit: number, cursor?: string): Promise<AuditPage> {
    const qb = this.tx.manager().createQueryBuilder(AuditEvent, 'e').where('e.school_id = :schoolId', { schoolId: scope.schoolId });
    return newestFirst(qb, limit, cursor);
  }

  /** The platform admins' own trail (no school): written in the admin's transaction, like a school's entry. */
  async recordPlatform(entry: AuditEntry): Promise<void> {
    const ctx = requestContext.get();
    await this.tx.manager().insert(PlatformAuditEvent, {
      actorUserId: ctx?.userId ?? null,
      requestId: ctx?.requestId ?? null,
      action: entry.action,
      entityType: entry.entityType,
      entityId: entry.entityId ?? null,
      details: entry.details ?? {},
    });
  }

  async listPlatform(limit: number, cursor?: string): Promise<{ items: PlatformAuditEvent[]; nextCursor: string | null }> {
    return newestFirst(this.tx.manager().createQueryBuilder(PlatformAuditEvent, 'e'), limit, cursor);
  }
}

/** A page of a trail, newest first, keyset-paginated on (occurred_at, id) of the query's alias `e`. */
async function newestFirst<T extends { id: string }>(
  qb: SelectQueryBuilder<T>,
  limit: number,
  cursor?: string,
): Promise<{ items: T[]; nextCursor: string | null }> {
  qb.orderBy('e.occurred_at', 'DESC')
    .addOrderBy('e.id', 'DESC')
    // The cursor keeps the microseconds a Date would drop, so no row on a page boundary is skipped.
    .addSelect(KEYSET_AT('e.occurred_at'), 'cursor_at')
    .limit(limit + 1);
  const after = cursor ? decodeKeysetCursor(cursor) : null;
  if (cursor && !after) throw invalid([{ field: 'cursor', message: 'cursor is not one this list returned' }]);
  if (after) qb.andWhere('(e.occurred_at, e.id) < (:at, :id)', after);
  const { entities, raw } = await qb.getRawAndEntities<{ cursor_at: string }>();
  const items = entities.slice(0, limit);
  const last = items[items.length - 1];
  return { items, nextCursor: entities.length > limit && last ? encodeKeysetCursor(raw[items.length - 1]!.cursor_at, last.id) : null };
}

/** A timestamp column as ISO text with microseconds, for a keyset cursor (a JS Date keeps milliseconds only). */
export const KEYSET_AT = (column: string) => `to_char(${column} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`;

/** Newest-first pages of (occurred_at, id): the cursor is the last row's pair, opaque to clients. */
export function encodeKeysetCursor(at: Date | string, id: string): string {
  return Buffer.from(JSON.stringify([typeof at === 'string' ? at : at.toISOString(), id])).toString('base64url');
}

export function decodeKeysetCursor(cursor: string): { at: string; id: string } | null {
  try {
    const [at, id] = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as [string, string];
    if (Number.isNaN(Date.parse(at)) || !/^[0-9a-f-]{36}$/i.test(id)) return null;
    return { at, id };
  } catch {
    return null;
  }
}
