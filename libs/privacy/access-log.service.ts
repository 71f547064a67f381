import { Injectable } from '@nestjs/common';
import { KEYSET_AT, decodeKeysetCursor, encodeKeysetCursor } from '#libs/audit';
import { invalid, requestContext } from '#libs/core';
import { TenantTransactions, type SchoolScope } from '#libs/database';
import { AccessEvent, type AccessResource } from './access-event.entity.js';

export interface AccessLogEntry {
  id: string;
  pupilId: string;
  resource: AccessResource;
  actorUserId: string | null;
  /** The reader's name as their account gives it (staff and parents of this school), or the professional a share named. */
  actorName: string | null;
  actorRoles: string[];
  occurredAt: Date;
}

export interface AccessLogFilter {
  pupilId?: string;
  actorUserId?: string;
  limit: number;
  cursor?: string;
}

/**
 * Every read of a pupil's SEN record (plan, reviews, evidence pack, SEN history) leaves a row here, in the
 * read's own transaction: if the row cannot be written the read fails, so nothing is read unaccounted for.
 */
@Injectable()
export class AccessLogService {
  constructor(private readonly tx: TenantTransactions) {}

  async read(scope: SchoolScope, pupilId: string, resource: AccessResource, roles: readonly string[]): Promise<void> {
    const ctx = requestContext.get();
    // On a replica-routed read, on the primary before the read is served (TenantTransactions.write).
    await this.tx.write((m) =>
      m.insert(AccessEvent, {
        schoolId: scope.schoolId,
        pupilId,
        actorUserId: ctx?.userId ?? null,
        actorRoles: [...roles].sort().join(',').slice(0, 64),
        resource,
        requestId: ctx?.requestId ?? null,
      }),
    );
  }

  /** Newest first, keyset-paginated on (occurred_at, id). */
  async list(scope: SchoolScope, filter: AccessLogFilter): Promise<{ items: AccessLogEntry[]; nextCursor: string | null }> {
    const qb = this.tx
      .manager()
      .createQueryBuilder(AccessEvent, 'e')
      .leftJoin('users', 'u', 'u.id = e.actor_user_id')
      .leftJoin('professional_shares', 'ps', 'ps.id = e.share_id')
      .select([
        'e.id as id',
        'e.pupil_id as "pupilId"',
        'e.resource as resource',
        'e.actor_user_id as "actorUserId"',
        'coalesce(u.display_name, ps.professional_name) as "actorName"',
        'e.actor_roles as "actorRoles"',
        'e.occurred_at as "occurredAt"',
        `${KEYSET_AT('e.occurred_at')} as "cursorAt"`,
      ])
      .where('e.school_id = :schoolId', { schoolId: scope.schoolId })
      .orderBy('e.occurred_at', 'DESC')
      .addOrderBy('e.id', 'DESC')
      .limit(filter.limit + 1);
    if (filter.pupilId) qb.andWhere('e.pupil_id = :pupilId', { pupilId: filter.pupilId });
    if (filter.actorUserId) qb.andWhere('e.actor_user_id = :actorUserId', { actorUserId: filter.actorUserId });
    const after = filter.cursor ? decodeKeysetCursor(filter.cursor) : null;
    if (filter.cursor && !after) throw invalid([{ field: 'cursor', message: 'cursor is not one this list returned' }]);
    if (after) qb.andWhere('(e.occurred_at, e.id) < (:at, :id)', after);
    // The cursor keeps the microseconds a Date would drop, so no row on a page boundary is skipped or repeated.
    const rows = await qb.getRawMany<Omit<AccessLogEntry, 'actorRoles'> & { actorRoles: string; cursorAt: string }>();
    const page = rows.slice(0, filter.limit);
    const items = page.map(({ cursorAt: _, ...r }) => ({ ...r, occurredAt: new Date(r.occurredAt), actorRoles: r.actorRoles.split(',') }));
    const last = page[page.length - 1];
    return { items, nextCursor: rows.length > filter.limit && last ? encodeKeysetCursor(last.cursorAt, last.id) : null };
  }
}
