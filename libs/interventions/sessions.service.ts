import { Injectable } from '@nestjs/common';
import { Between, In } from 'typeorm';
import { AuditService } from '#libs/audit';
import { Clock, conflict, forbidden, invalid, notFound, type FieldError } from '#libs/core';
import { TenantTransactions, type SchoolScope } from '#libs/database';
import { MAX_SESSION_MINUTES } from './domain/index.js';
import { GroupEnrolment } from './group-enrolment.entity.js';
import { GroupStaff } from './group-staff.entity.js';
import { InterventionGroup } from './intervention-group.entity.js';
import { InterventionSession, type CancelReason } from './intervention-session.entity.js';
import { SessionAttendance, type AbsenceReason } from './session-attendance.entity.js';
import { SessionCorrection } from './session-correction.entity.js';

export interface AttendanceInput {
  pupilId: string;
  present: boolean;
  absenceReason: AbsenceReason | null;
  progressScore: number | null;
  observation: string | null;
}

export interface SessionRecord {
  status: 'delivered' | 'cancelled';
  cancelReason: CancelReason | null;
  actualMinutes: number | null;
  note: string | null;
  attendance: AttendanceInput[];
}

/** Who is recording: the group's own staff, or someone who keeps the register (SENCO, head). */
export interface Recorder {
  userId: string;
  keepsRegister: boolean;
}

export interface SessionView {
  session: InterventionSession;
  attendance: SessionAttendance[];
  /** Pupils in the group on the session's day. */
  enrolled: string[];
}

/**
 * What the staff who deliver sessions record: delivered (with minutes and each pupil's attendance) or
 * cancelled (with why). A session is recorded once; a later change is a correction that keeps the original.
 */
@Injectable()
export class SessionsService {
  constructor(
    private readonly tx: TenantTransactions,
    private readonly audit: AuditService,
    private readonly clock: Clock,
  ) {}

  async list(scope: SchoolScope, groupId: string, from: string, to: string): Promise<SessionView[]> {
    const m = this.tx.manager();
    const sessions = await m.find(InterventionSession, {
      where: { schoolId: scope.schoolId, groupId, date: Between(from, to) },
      order: { date: 'ASC', startTime: 'ASC' },
    });
    return this.views(scope, sessions);
  }

  /** A member of staff's sessions (every group they run) between two dates. */
  async mine(scope: SchoolScope, userId: string, from: string, to: string): Promise<{ group: InterventionGroup; views: SessionView[] }[]> {
    const m = this.tx.manager();
    const groupIds = (await m.find(GroupStaff, { where: { schoolId: scope.schoolId, userId } })).map((g) => g.groupId);
    if (groupIds.length === 0) return [];
    const [groups, sessions] = [
      await m.find(InterventionGroup, { where: { schoolId: scope.schoolId, id: In(groupIds) } }),
      await m.find(InterventionSession, {
        where: { schoolId: scope.schoolId, groupId: In(groupIds), date: Between(from, to) },
        order: { date: 'ASC', startTime: 'ASC' },
      }),
    ];
    const views = await this.views(scope, sessions);
    return groups
      .map((group) => ({ group, views: views.filter((v) => v.session.groupId === group.id) }))
      .filter((g) => g.views.length > 0)
      .sort((a, b) => (a.views[0]!.session.date + a.views[0]!.session.startTime).localeCompare(b.views[0]!.session.date + b.views[0]!.session.startTime));
  }

  /**
   * Records several sessions of one group at once (a week, say): all or nothing. Refused for anyone who is
   * neither on the group's staff nor keeps the register.
   */
  async record(
    scope: SchoolScope,
    recorder: Recorder,
    groupId: string,
    items: (SessionRecord & { sessionId: string })[],
    today: string,
  ): Promise<SessionView[]> {
    const m = this.tx.manager();
    await this.assertMayRecord(scope, recorder, groupId);
    const sessions = await m
      .createQueryBuilder(InterventionSession, 's')
      .setLock('pessimistic_write')
      .where('s.school_id = :schoolId and s.group_id = :groupId and s.id in (:...ids)', {
        schoolId: scope.schoolId,
        groupId,
        ids: items.map((i) => i.sessionId),
      })
      .getMany();
    const byId = new Map(sessions.map((s) => [s.id, s]));
    const enrolled = await this.enrolledOn(
      scope,
      groupId,
      sessions.map((s) => s.date),
    );
    const errors: FieldError[] = [];
    const seen = new Set<string>();
    items.forEach((item, i) => {
      const session = byId.get(item.sessionId);
      const at = `sessions.${i}`;
      if (!session) return errors.push({ field: `${at}.sessionId`, message: `${at}.sessionId is not a session of this group` });
      if (seen.has(item.sessionId)) return errors.push({ field: `${at}.sessionId`, message: `${at}.sessionId is listed twice` });
      seen.add(item.sessionId);
      if (session.status !== 'planned') {
        return errors.push({
          field: `${at}.sessionId`,
          message: `${at}: the session of ${session.date} was already recorded as ${session.status}; send a correction to change it`,
        });
      }
      if (session.date > today) return errors.push({ field: `${at}.sessionId`, message: `${at}: the session of ${session.date} has not happened yet` });
      errors.push(...checkRecord(item, enrolled.get(session.date) ?? [], at));
    });
    if (errors.length > 0) {
      const recordedTwice = errors.every((e) => e.message.includes('already recorded'));
      throw recordedTwice ? conflict('These sessions were already recorded; send a correction to change one', errors) : invalid(errors);
    }
    const now = this.clock.now();
    await this.write(
      scope,
      items.map((item) => ({ session: byId.get(item.sessionId)!, item })),
      recorder.userId,
      now,
    );
    await this.audit.record(scope, { action: 'sessions.recorded', entityType: 'intervention_group', entityId: groupId, details: { sessions: items.length } });
    return this.views(
      scope,
      await m.find(InterventionSession, {
        where: { schoolId: scope.schoolId, id: In(items.map((i) => i.sessionId)) },
        order: { date: 'ASC', startTime: 'ASC' },
      }),
    );
  }

  /** A late correction of a recorded session: the record as it was is kept with who changed it and why. */
  async correct(scope: SchoolScope, recorder: Recorder, sessionId: string, item: SessionRecord & { reason: string }): Promise<SessionView> {
    const m = this.tx.manager();
    const session = await m
      .createQueryBuilder(InterventionSession, 's')
      .setLock('pessimistic_write')
      .where('s.school_id = :schoolId and s.id = :sessionId', { schoolId: scope.schoolId, sessionId })
      .getOne();
    if (!session) throw notFound('Session');
    await this.assertMayRecord(scope, recorder, session.groupId);
    if (session.status === 'planned') throw conflict('This session has not been recorded yet; record it instead of correcting it');
    const enrolled = await this.enrolledOn(scope, session.groupId, [session.date]);
    const errors = checkRecord(item, enrolled.get(session.date) ?? [], '');
    if (errors.length > 0) throw invalid(errors.map((e) => ({ ...e, field: e.field.replace(/^\./, '') })));
    const before = await m.find(SessionAttendance, { where: { schoolId: scope.schoolId, sessionId } });
    await m.insert(SessionCorrection, {
      schoolId: scope.schoolId,
      sessionId,
      correctedBy: recorder.userId,
      reason: item.reason,
      previous: {
        status: session.status,
        cancelReason: session.cancelReason,
        actualMinutes: session.actualMinutes,
        note: session.note,
        recordedBy: session.recordedBy,
        recordedAt: session.recordedAt?.toISOString() ?? null,
        attendance: before.map((a) => ({
          pupilId: a.pupilId,
          present: a.present,
          absenceReason: a.absenceReason,
          progressScore: a.progressScore,
          observation: a.observation,
        })),
      },
    });
    await m.delete(SessionAttendance, { schoolId: scope.schoolId, sessionId });
    await this.write(scope, [{ session, item }], recorder.userId, this.clock.now());
    await this.audit.record(scope, { action: 'session.corrected', entityType: 'intervention_session', entityId: sessionId });
    const [view] = await this.views(scope, [(await m.findOneBy(InterventionSession, { id: sessionId, schoolId: scope.schoolId }))!]);
    return view!;
  }

  async corrections(scope: SchoolScope, sessionId: string): Promise<SessionCorrection[]> {
    return this.tx.manager().find(SessionCorrection, { where: { schoolId: scope.schoolId, sessionId }, order: { correctedAt: 'ASC' } });
  }

  async assertMayRecord(scope: SchoolScope, recorder: Recorder, groupId: string): Promise<void> {
    const m = this.tx.manager();
    if (!(await m.existsBy(InterventionGroup, { id: groupId, schoolId: scope.schoolId }))) throw notFound('Intervention group');
    if (recorder.keepsRegister) return;
    if (!(await m.existsBy(GroupStaff, { schoolId: scope.schoolId, groupId, userId: recorder.userId }))) {
      throw forbidden('Only the group’s own staff, the SENCO and the head record its sessions');
    }
  }

  /**
   * Writes the records of one or more sessions: one UPDATE for all of them and one INSERT for all their
   * attendance (a week of a group's sessions was two statements a session). A field an item leaves out keeps
   * its value.
   */
  private async write(scope: SchoolScope, entries: { session: InterventionSession; item: SessionRecord }[], userId: string, at: Date): Promise<void> {
    const m = this.tx.manager();
    const delivered = (item: SessionRecord) => item.status === 'delivered';
    await m.query(
      `update intervention_sessions s
          set status = t.status,
              cancel_reason = case when t.cancel_given then t.cancel_reason else s.cancel_reason end,
              actual_minutes = t.actual_minutes,
              note = case when t.note_given then t.note else s.note end,
              recorded_by = $2, recorded_at = $3, updated_at = now()
         from unnest($4::uuid[], $5::text[], $6::boolean[], $7::text[], $8::int[], $9::boolean[], $10::text[])
              as t(id, status, cancel_given, cancel_reason, actual_minutes, note_given, note)
        where s.school_id = $1 and s.id = t.id`,
      [
        scope.schoolId,
        userId,
        at,
        entries.map((e) => e.session.id),
        entries.map((e) => e.item.status),
        entries.map((e) => delivered(e.item) || e.item.cancelReason !== undefined),
        entries.map((e) => (delivered(e.item) ? null : (e.item.cancelReason ?? null))),
        entries.map((e) => (delivered(e.item) ? (e.item.actualMinutes ?? e.session.minutes) : null)),
        entries.map((e) => e.item.note !== undefined),
        entries.map((e) => e.item.note ?? null),
      ],
    );
    const attendance = entries.flatMap(({ session, item }) =>
      delivered(item) ? item.attendance.map((a) => ({ ...a, schoolId: scope.schoolId, sessionId: session.id })) : [],
    );
    if (attendance.length > 0) await m.insert(SessionAttendance, attendance);
  }

  /** The pupils enrolled in a group on each of the given days. */
  private async enrolledOn(scope: SchoolScope, groupId: string, dates: string[]): Promise<Map<string, string[]>> {
    const enrolments = await this.tx.manager().find(GroupEnrolment, { where: { schoolId: scope.schoolId, groupId } });
    return new Map(dates.map((d) => [d, enrolments.filter((e) => e.startsOn <= d && (e.endsOn === null || e.endsOn >= d)).map((e) => e.pupilId)]));
  }

  private async views(scope: SchoolScope, sessions: InterventionSession[]): Promise<SessionView[]> {
    if (sessions.length === 0) return [];
    const m = this.tx.manager();
    const groupIds = [...new Set(sessions.map((s) => s.groupId))];
    const [attendance, enrolments] = [
      await m.find(SessionAttendance, { where: { schoolId: scope.schoolId, sessionId: In(sessions.map((s) => s.id)) } }),
      await m.find(GroupEnrolment, { where: { schoolId: scope.schoolId, groupId: In(groupIds) } }),
    ];
    return sessions.map((session) => ({
      session,
      attendance: attendance.filter((a) => a.sessionId === session.id),
      enrolled: enrolments
        .filter((e) => e.groupId === session.groupId && e.startsOn <= session.date && (e.endsOn === null || e.endsOn >= session.date))
        .map((e) => e.pupilId),
    }));
  }
}

/** A record must say what happened to the whole group: every pupil in it that day, and nobody else. */
function checkRecord(item: SessionRecord, enrolled: string[], at: string): FieldError[] {
  const errors: FieldError[] = [];
  const f = (name: string) => (at ? `${at}.${name}` : name);
  if (item.status === 'cancelled') {
    if (!item.cancelReason) errors.push({ field: f('cancelReason'), message: `${f('cancelReason')} is required for a cancelled session` });
    if (item.attendance.length > 0) errors.push({ field: f('attendance'), message: `${f('attendance')} is for delivered sessions only` });
    return errors;
  }
  if (item.cancelReason) errors.push({ field: f('cancelReason'), message: `${f('cancelReason')} is for cancelled sessions only` });
  if (item.actualMinutes !== null && (item.actualMinutes < 1 || item.actualMinutes > MAX_SESSION_MINUTES)) {
    errors.push({ field: f('actualMinutes'), message: `${f('actualMinutes')} must be between 1 and ${MAX_SESSION_MINUTES} minutes` });
  }
  const inGroup = new Set(enrolled);
  const listed = new Set<string>();
  item.attendance.forEach((a, j) => {
    const field = f(`attendance.${j}.pupilId`);
    if (!inGroup.has(a.pupilId)) errors.push({ field, message: `${field} is not a pupil in this group on the session's day` });
    else if (listed.has(a.pupilId)) errors.push({ field, message: `${field} is listed twice` });
    listed.add(a.pupilId);
    if (a.present && a.absenceReason)
      errors.push({ field: f(`attendance.${j}.absenceReason`), message: `${f(`attendance.${j}.absenceReason`)} is for a pupil who was absent` });
  });
  const missing = enrolled.filter((p) => !listed.has(p)).length;
  if (missing > 0) errors.push({ field: f('attendance'), message: `${f('attendance')}: record every pupil in the group that day (${missing} missing)` });
  return errors;
}
