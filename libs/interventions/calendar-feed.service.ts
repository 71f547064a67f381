import { createHash, randomBytes } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { In, IsNull } from 'typeorm';
import { AuditService } from '#libs/audit';
import { Clock, addDays, notFound } from '#libs/core';
import { TenantTransactions, type SchoolScope } from '#libs/database';
import { TenancyService } from '#libs/tenancy';
import { renderIcs } from './domain/index.js';
import { CalendarFeed } from './calendar-feed.entity.js';
import { GroupEnrolment } from './group-enrolment.entity.js';
import { GroupStaff } from './group-staff.entity.js';
import { InterventionGroup } from './intervention-group.entity.js';
import { InterventionSession } from './intervention-session.entity.js';
import { Intervention } from './intervention.entity.js';

const hash = (token: string) => createHash('sha256').update(token).digest('hex');
const TOKEN = /^[A-Za-z0-9_-]{43}$/;

/**
 * Private iCalendar feeds: one link per member of staff per school, listing the sessions they deliver. The
 * link is the only credential (calendar apps cannot log in), so it is long and random, only its hash is
 * stored, and the feed names no pupil: group, programme, place and time only.
 */
@Injectable()
export class CalendarFeedService {
  constructor(
    private readonly tx: TenantTransactions,
    private readonly tenancy: TenancyService,
    private readonly audit: AuditService,
    private readonly clock: Clock,
  ) {}

  /** A new link for the caller; any earlier link of theirs at this school stops working. */
  async create(scope: SchoolScope, userId: string): Promise<string> {
    const m = this.tx.manager();
    await m.update(CalendarFeed, { schoolId: scope.schoolId, userId, revokedAt: IsNull() }, { revokedAt: this.clock.now() });
    const token = randomBytes(32).toString('base64url');
    await m.insert(CalendarFeed, { schoolId: scope.schoolId, userId, tokenHash: hash(token), revokedAt: null });
    await this.audit.record(scope, { action: 'calendar_feed.created', entityType: 'user', entityId: userId });
    return token;
  }

  async revoke(scope: SchoolScope, userId: string): Promise<void> {
    await this.tx.manager().update(CalendarFeed, { schoolId: scope.schoolId, userId, revokedAt: IsNull() }, { revokedAt: this.clock.now() });
    await this.audit.record(scope, { action: 'calendar_feed.revoked', entityType: 'user', entityId: userId });
  }

  /** The feed behind a token, from 4 weeks ago to 26 weeks ahead; 404 for an unknown or revoked link. */
  async render(token: string, now: Date): Promise<string> {
    if (!TOKEN.test(token)) throw notFound('Calendar feed');
    const feed = await this.tx.run({ schoolIds: [] }, async (m) => {
      await m.query(`select set_config('app.feed_token_hash', $1, true)`, [hash(token)]);
      return m.findOneBy(CalendarFeed, { tokenHash: hash(token), revokedAt: IsNull() });
    });
    if (!feed) throw notFound('Calendar feed');
    const day = (offset: number) => addDays(now.toISOString().slice(0, 10), offset);
    return this.tx.run({ schoolIds: [feed.schoolId], userId: feed.userId, pupilAccess: [] }, async (m) => {
      const scope = { schoolId: feed.schoolId } as SchoolScope;
      const school = await this.tenancy.getSchool(scope);
      const groupIds = (await m.find(GroupStaff, { where: { schoolId: feed.schoolId, userId: feed.userId } })).map((g) => g.groupId);
      const groups = groupIds.length > 0 ? await m.find(InterventionGroup, { where: { schoolId: feed.schoolId, id: In(groupIds) } }) : [];
      const interventions = new Map(
        (groups.length > 0 ? await m.find(Intervention, { where: { schoolId: feed.schoolId, id: In(groups.map((g) => g.interventionId)) } }) : []).map((i) => [
          i.id,
          i,
        ]),
      );
      const enrolments = groupIds.length > 0 ? await m.find(GroupEnrolment, { where: { schoolId: feed.schoolId, groupId: In(groupIds) } }) : [];
      const sessions =
        groupIds.length > 0
          ? await m
              .createQueryBuilder(InterventionSession, 's')
              .where('s.school_id = :schoolId and s.group_id in (:...groupIds) and s.date between :from and :to', {
                schoolId: feed.schoolId,
                groupIds,
                from: day(-28),
                to: day(182),
              })
              .orderBy('s.date')
              .addOrderBy('s.start_time')
              .getMany()
          : [];
      const byId = new Map(groups.map((g) => [g.id, g]));
      return renderIcs({
        name: `${school.name}: my intervention sessions`,
        timeZone: school.timezone,
        events: sessions.map((s) => {
          const g = byId.get(s.groupId)!;
          const pupils = enrolments.filter((e) => e.groupId === g.id && e.startsOn <= s.date && (e.endsOn === null || e.endsOn >= s.date)).length;
          return {
            uid: `${s.id}@sen-manager`,
            date: s.date,
            startTime: s.startTime.slice(0, 5),
            minutes: s.minutes,
            summary: `${interventions.get(g.interventionId)?.name ?? 'Intervention'}: ${g.name}`,
            description: `${pupils} pupil${pupils === 1 ? '' : 's'}${s.status === 'delivered' ? ' · recorded as delivered' : ''}`,
            location: g.location,
            cancelled: s.status === 'cancelled',
            lastModified: s.updatedAt,
          };
        }),
      });
    });
  }
}
