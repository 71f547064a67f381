import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { QueryFailedError } from 'typeorm';
import { AuditService } from '#libs/audit';
import { conflict, invalid, notFound, requestContext } from '#libs/core';
import { TenantTransactions, type SchoolScope } from '#libs/database';
import { EVENT_TYPES, OutboxService } from '#libs/outbox';
import { Pupil } from './pupil.entity.js';
import { SenStatusEntry } from './sen-status-entry.entity.js';
import { checkTransition, isOnRegister, type StatusChange } from './sen-status.rules.js';

/** The SEN status timeline: appended to, never overwritten, one open entry per pupil. */
@Injectable()
export class SenStatusService {
  constructor(
    private readonly tx: TenantTransactions,
    private readonly outbox: OutboxService,
    private readonly audit: AuditService,
  ) {}

  async timeline(scope: SchoolScope, pupilId: string): Promise<SenStatusEntry[]> {
    return this.tx.manager().find(SenStatusEntry, { where: { schoolId: scope.schoolId, pupilId }, order: { startDate: 'ASC' } });
  }

  async current(scope: SchoolScope, pupilId: string): Promise<SenStatusEntry | null> {
    return this.tx.manager().createQueryBuilder(SenStatusEntry, 'e')
      .where('e.school_id = :schoolId and e.pupil_id = :pupilId and e.end_date is null', { schoolId: scope.schoolId, pupilId })
      .getOne();
  }

  /** Validates and appends a change. The pupil row is locked, so two changes to one pupil queue up. */
  async change(scope: SchoolScope, pupilId: string, change: StatusChange, today: string): Promise<SenStatusEntry> {
    const m = this.tx.manager();
    const pupil = await m.createQueryBuilder(Pupil, 'p')
      .setLock('pessimistic_write')
      .where('p.id = :pupilId and p.school_id = :schoolId', { pupilId, schoolId: scope.schoolId })
      .getOne();
    if (!pupil) throw notFound('Pupil');
    const current = await this.current(scope, pupilId);
    const verdict = checkTransition(pupil, current, change, today);
    if (!verdict.ok) throw verdict.kind === 'invalid' ? invalid(verdict.errors) : conflict(verdict.message);
    return this.append(scope, pupil, current, change);
  }

  /**
   * Appends an already-checked change: closes the current entry the day the new one starts and, when the
   * pupil enters SEN Support, records the event that has the parents formally told (CFA 2014 s.68; Code of
   * Practice 6.43) in this same transaction.
   */
  async append(scope: SchoolScope, pupil: Pupil, current: SenStatusEntry | null, change: StatusChange): Promise<SenStatusEntry> {
    const m = this.tx.manager();
    const id = randomUUID();
    let noticeEventId: string | null = null;
    let parentsNotifiedAt: Date | null = null;
    if (change.status === 'K' && current?.status === 'K') {
      noticeEventId = current.noticeEventId;
      parentsNotifiedAt = current.parentsNotifiedAt;
    } else if (change.status === 'K') {
      const event = await this.outbox.record(scope, {
        type: EVENT_TYPES.senSupportStarted,
        subjectType: 'pupil',
        subjectId: pupil.id,
        payload: { statusEntryId: id },
      });
      noticeEventId = event.id;
    }
    const registerSince = isOnRegister(change.status) ? (isOnRegister(current?.status) ? current!.registerSince : change.startDate) : null;
    try {
      if (current) await m.update(SenStatusEntry, { id: current.id, schoolId: scope.schoolId }, { endDate: change.startDate });
      const entry = m.create(SenStatusEntry, {
        id,
        schoolId: scope.schoolId,
        pupilId: pupil.id,
        status: change.status,
        startDate: change.startDate,
        endDate: null,
        primaryNeed: change.primaryNeed,
        secondaryNeed: change.secondaryNeed,
        ehcPlanDate: change.ehcPlanDate,
        registerSince,
        reason: change.reason,
        recordedBy: requestContext.get()?.userId ?? null,
        noticeEventId,
        parentsNotifiedAt,
      });
      await m.insert(SenStatusEntry, entry);
      await this.audit.record(scope, {
        action: 'sen_status.changed',
        entityType: 'pupil',
        entityId: pupil.id,
        details: { entryId: id, from: current?.status ?? 'N', to: change.status },
      });
      return (await m.findOneBy(SenStatusEntry, { id, schoolId: scope.schoolId }))!;
    } catch (err) {
      // The exclusion constraint is the last line: two periods of one pupil may never overlap.
      if (err instanceof QueryFailedError && (err as { code?: string }).code === '23P01') {
        throw conflict('This change would overlap another period of the pupil’s SEN history');
      }
      throw err;
    }
  }
}
