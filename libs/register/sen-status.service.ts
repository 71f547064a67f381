import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { QueryFailedError } from 'typeorm';
import { AuditService } from '#libs/audit';
import { conflict, DomainError, invalid, addDays, notFound, requestContext } from '#libs/core';
import { TenantTransactions, type SchoolScope } from '#libs/database';
import { EVENT_TYPES, OutboxService } from '#libs/outbox';
import { Pupil } from './pupil.entity.js';
import { SenStatusEntry } from './sen-status-entry.entity.js';
import { checkTransition, isOnRegister, type StatusChange } from './sen-status.rules.js';

export interface CheckedChange {
  pupilId: string;
  current: SenStatusEntry | null;
  change: StatusChange;
  /** Set when the change's caller tells the parents itself (a review's letter): no separate end-of-support letter. */
  endLetterSent?: boolean;
  /** Entering K: the parents were told outside the product, so no notice event is recorded. */
  noticeGivenOutside?: boolean;
}

/** Leaving SEN Support for N or monitoring ends it; the parents get a letter saying so. Not K→E: support goes on. */
const endsSupport = (it: CheckedChange) => it.current?.status === 'K' && (it.change.status === 'N' || it.change.status === 'monitoring') && !it.endLetterSent;

/** A hand-entered start more than this many days back asks whether the parents were already told. */
export const NOTICE_LOOKBACK_DAYS = 28;

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
    return this.tx
      .manager()
      .createQueryBuilder(SenStatusEntry, 'e')
      .where('e.school_id = :schoolId and e.pupil_id = :pupilId and e.end_date is null', { schoolId: scope.schoolId, pupilId })
      .getOne();
  }

  /**
   * Validates and appends a change. The pupil row is locked, so two changes to one pupil queue up.
   * `parentsAlreadyNotified` answers the question a back-dated entry to SEN Support must answer;
   * `endLetterSent` says the caller (a review) tells the parents that support ends in its own letter.
   */
  async change(
    scope: SchoolScope,
    pupilId: string,
    change: StatusChange,
    today: string,
    opts: { endLetterSent?: boolean; parentsAlreadyNotified?: boolean } = {},
  ): Promise<SenStatusEntry> {
    const { parentsAlreadyNotified } = opts;
    const m = this.tx.manager();
    const pupil = await m
      .createQueryBuilder(Pupil, 'p')
      .setLock('pessimistic_write')
      .where('p.id = :pupilId and p.school_id = :schoolId', { pupilId, schoolId: scope.schoolId })
      .getOne();
    if (!pupil) throw notFound('Pupil');
    const current = await this.current(scope, pupilId);
    const verdict = checkTransition(pupil, current, change, today);
    if (!verdict.ok) throw verdict.kind === 'invalid' ? invalid(verdict.errors) : conflict(verdict.message);
    const entersK = change.status === 'K' && current?.status !== 'K';
    // Support that began weeks ago was very likely already discussed with the parents; sending the formal
    // notice (CFA 2014 s.68, docs/domain.md, "Formal notice") again unasked is the "surprise letter" a
    // school complained of, so the SENCO must say. The 28 days are product policy, not a legal limit.
    if (entersK && parentsAlreadyNotified === undefined && change.startDate < addDays(today, -NOTICE_LOOKBACK_DAYS)) {
      throw new DomainError(422, 'answer-required', 'Say whether the parents were already told that SEN Support began', [
        {
          field: 'parentsAlreadyNotified',
          message: `the start date is more than ${NOTICE_LOOKBACK_DAYS} days ago: say whether the parents were already told that SEN Support began (true: nothing is sent; false: the formal notice is sent now)`,
        },
      ]);
    }
    const [id] = await this.appendMany(scope, [
      { pupilId, current, change, endLetterSent: opts.endLetterSent, noticeGivenOutside: entersK && parentsAlreadyNotified === true },
    ]);
    return (await m.findOneBy(SenStatusEntry, { id, schoolId: scope.schoolId }))!;
  }

  /**
   * Appends already-checked changes (one per pupil) in a few statements: closes each current entry the day
   * the new one starts and, when a pupil enters SEN Support, records the event that has the parents formally
   * told (CFA 2014 s.68; Code of Practice 6.48) in this same transaction; when SEN Support ends, the event
   * that sends them the end-of-support letter. Returns the new entries' ids.
   */
  async appendMany(scope: SchoolScope, items: CheckedChange[]): Promise<string[]> {
    if (items.length === 0) return [];
    const m = this.tx.manager();
    const ids = items.map(() => randomUUID());
    const entersK = items.map((it) => it.change.status === 'K' && it.current?.status !== 'K');
    const outside = items.map((it, i) => entersK[i]! && it.noticeGivenOutside === true);
    const notifies = entersK.map((k, i) => k && !outside[i]);
    const eventIds = await this.outbox.recordMany(
      scope,
      items.flatMap((it, i) =>
        notifies[i] ? [{ type: EVENT_TYPES.senSupportStarted, subjectType: 'pupil', subjectId: it.pupilId, payload: { statusEntryId: ids[i]! } }] : [],
      ),
    );
    await this.outbox.recordMany(
      scope,
      items.flatMap((it, i) =>
        endsSupport(it) ? [{ type: EVENT_TYPES.senSupportEnded, subjectType: 'pupil', subjectId: it.pupilId, payload: { statusEntryId: ids[i]! } }] : [],
      ),
    );
    let nextEvent = 0;
    const recordedBy = requestContext.get()?.userId ?? null;
    const entries = items.map((it, i) => {
      const { change, current } = it;
      const stillK = change.status === 'K' && current?.status === 'K';
      return {
        id: ids[i],
        schoolId: scope.schoolId,
        pupilId: it.pupilId,
        status: change.status,
        startDate: change.startDate,
        endDate: null,
        primaryNeed: change.primaryNeed,
        secondaryNeed: change.secondaryNeed,
        ehcPlanDate: change.ehcPlanDate,
        registerSince: isOnRegister(change.status) ? (isOnRegister(current?.status) ? current!.registerSince : change.startDate) : null,
        reason: change.reason,
        recordedBy,
        noticeEventId: notifies[i] ? eventIds[nextEvent++]! : stillK ? current.noticeEventId : null,
        noticeGivenOutside: outside[i]! || (stillK && current.noticeGivenOutside),
        parentsNotifiedAt: stillK ? current.parentsNotifiedAt : null,
      };
    });
    const closing = items.filter((it) => it.current);
    try {
      if (closing.length > 0) {
        await m.query(
          `update sen_status_entries e set end_date = v.end_date
             from unnest($2::uuid[], $3::date[]) as v(id, end_date)
            where e.school_id = $1 and e.id = v.id and e.end_date is null`,
          [scope.schoolId, closing.map((it) => it.current!.id), closing.map((it) => it.change.startDate)],
        );
      }
      await m.insert(SenStatusEntry, entries);
    } catch (err) {
      // The exclusion constraint is the last line: two periods of one pupil may never overlap.
      if (err instanceof QueryFailedError && (err as { code?: string }).code === '23P01') {
        throw conflict('This change would overlap another period of the pupil’s SEN history');
      }
      throw err;
    }
    await this.audit.recordMany(
      scope,
      items.map((it, i) => ({
        action: 'sen_status.changed',
        entityType: 'pupil',
        entityId: it.pupilId,
        details: { entryId: ids[i]!, from: it.current?.status ?? 'N', to: it.change.status },
      })),
    );
    return ids;
  }
}
