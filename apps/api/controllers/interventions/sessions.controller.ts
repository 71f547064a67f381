import { Body, Controller, Delete, Get, HttpCode, Inject, Param, Post, Put, Query, Req, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { PublicRateLimiter } from '#libs/auth';
import { APP_CONFIG, Clock, addDays, daysBetween, invalid, rateLimited, requireDay, weekdayOfDay, type AppConfig, type FieldError } from '#libs/core';
import type { SchoolScope } from '#libs/database';
import { CalendarFeedService, GroupsQuery, SessionsService, type SessionRecord, type SessionView } from '#libs/interventions';
import { SchoolToday } from '#libs/register';
import { Access, School } from '../../http/current.decorator.js';
import { Allow, Public } from '../../http/policy.decorator.js';
import type { AppRequest, RequestAccess } from '../../http/tenant-request.js';
import { UuidParam } from '../../http/validators.js';
import { groupViewer } from '../../http/viewers.js';
import {
  CalendarFeedDto,
  CorrectionDto,
  CorrectSessionDto,
  MySessionsGroupDto,
  RecordSessionsDto,
  SessionDto,
  type SessionRecordDto,
} from './interventions.dto.js';
import { SessionRangeQuery } from './sessions-query.dto.js';

const toSessionDto = (v: SessionView): SessionDto => ({
  id: v.session.id,
  groupId: v.session.groupId,
  date: v.session.date,
  startTime: v.session.startTime.slice(0, 5),
  minutes: v.session.minutes,
  status: v.session.status,
  cancelReason: v.session.cancelReason,
  actualMinutes: v.session.actualMinutes,
  note: v.session.note,
  recordedAt: v.session.recordedAt,
  enrolled: v.enrolled,
  attendance: v.attendance.map((a) => ({
    pupilId: a.pupilId,
    present: a.present,
    absenceReason: a.absenceReason,
    progressScore: a.progressScore,
    observation: a.observation,
  })),
});
const toRecord = (b: SessionRecordDto): SessionRecord => ({
  status: b.status,
  cancelReason: b.cancelReason ?? null,
  actualMinutes: b.actualMinutes ?? null,
  note: b.note ?? null,
  attendance: (b.attendance ?? []).map((a) => ({
    pupilId: a.pupilId,
    present: a.present,
    absenceReason: a.absenceReason ?? null,
    progressScore: a.progressScore ?? null,
    observation: a.observation ?? null,
  })),
});
const recorder = (a: RequestAccess) => ({ userId: a.principal.userId, keepsRegister: a.roles.includes('senco') || a.roles.includes('head') });

/** The days asked for, defaulted from the school's today; SessionRangeQuery has already checked each is a real date. */
function range({ from, to }: SessionRangeQuery, today: string): { from: string; to: string } {
  const errors: FieldError[] = [];
  const start = from ?? mondayOf(today);
  const end = to ?? addDays(start, 6);
  if (end < start) errors.push({ field: 'to', message: 'to is before from' });
  if (errors.length === 0 && daysBetween(start, end) > 400) errors.push({ field: 'to', message: 'ask for at most about a year at a time' });
  if (errors.length > 0) throw invalid(errors);
  return { from: start, to: end };
}
const mondayOf = (date: string) => addDays(date, 1 - weekdayOfDay(requireDay(date)));

/**
 * Sessions: what the staff who deliver them see and record. "My sessions this week" is the default view; a
 * week of one group is recorded in one request; a late change is a correction that keeps the original.
 */
@ApiTags('interventions')
@ApiBearerAuth()
@Controller({ path: 'schools/:schoolId', version: '1' })
export class SessionsController {
  constructor(
    private readonly sessions: SessionsService,
    private readonly feeds: CalendarFeedService,
    private readonly today: SchoolToday,
    private readonly groups: GroupsQuery,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  @Allow('teacher', 'senco', 'head')
  @Get('sessions/mine')
  @ApiOkResponse({ type: [MySessionsGroupDto] })
  async mine(@Access() access: RequestAccess, @School() school: SchoolScope, @Query() query: SessionRangeQuery): Promise<MySessionsGroupDto[]> {
    const r = range(query, await this.today.of(school));
    const groups = await this.sessions.mine(school, access.principal.userId, r.from, r.to);
    return groups.map(({ group, views }) => ({ groupId: group.id, groupName: group.name, location: group.location, sessions: views.map(toSessionDto) }));
  }

  @Allow('teacher', 'senco', 'head', 'trust_lead')
  @Get('intervention-groups/:groupId/sessions')
  @ApiOkResponse({ type: [SessionDto] })
  async list(
    @Access() access: RequestAccess,
    @School() school: SchoolScope,
    @Param('groupId', new UuidParam('groupId')) groupId: string,
    @Query() query: SessionRangeQuery,
  ): Promise<SessionDto[]> {
    await this.groups.visible(school, groupViewer(access), groupId);
    const r = range(query, await this.today.of(school));
    return (await this.sessions.list(school, groupId, r.from, r.to)).map(toSessionDto);
  }

  /** Records several sessions of a group at once (a week, say): all of them or, on any error, none. */
  @Allow('teacher', 'senco', 'head')
  @Post('intervention-groups/:groupId/sessions/record')
  @HttpCode(200)
  @ApiOkResponse({ type: [SessionDto] })
  async record(
    @Access() access: RequestAccess,
    @School() school: SchoolScope,
    @Param('groupId', new UuidParam('groupId')) groupId: string,
    @Body() body: RecordSessionsDto,
  ): Promise<SessionDto[]> {
    if (body.sessions.length === 0) throw invalid([{ field: 'sessions', message: 'sessions is empty: send at least one session to record' }]);
    const items = body.sessions.map((s) => ({ ...toRecord(s), sessionId: s.sessionId }));
    return (await this.sessions.record(school, recorder(access), groupId, items, await this.today.of(school))).map(toSessionDto);
  }

  /** Corrects a recorded session; the record as it was is kept, with who changed it, when and why. */
  @Allow('teacher', 'senco', 'head')
  @Put('intervention-sessions/:sessionId')
  @ApiOkResponse({ type: SessionDto })
  async correct(
    @Access() access: RequestAccess,
    @School() school: SchoolScope,
    @Param('sessionId', new UuidParam('sessionId')) sessionId: string,
    @Body() body: CorrectSessionDto,
  ): Promise<SessionDto> {
    return toSessionDto(await this.sessions.correct(school, recorder(access), sessionId, { ...toRecord(body), reason: body.reason }));
  }

  @Allow('senco', 'head')
  @Get('intervention-sessions/:sessionId/corrections')
  @ApiOkResponse({ type: [CorrectionDto] })
  async corrections(@School() school: SchoolScope, @Param('sessionId', new UuidParam('sessionId')) sessionId: string): Promise<CorrectionDto[]> {
    return (await this.sessions.corrections(school, sessionId)).map((c) => ({
      id: c.id,
      correctedBy: c.correctedBy,
      correctedAt: c.correctedAt,
      reason: c.reason,
      previous: c.previous as unknown as Record<string, unknown>,
    }));
  }

  /** A private link to the caller's sessions for a calendar app; a new link revokes the previous one. */
  @Allow('teacher', 'senco', 'head')
  @Post('calendar-feed')
  @ApiCreatedResponse({ type: CalendarFeedDto })
  async createFeed(@Access() access: RequestAccess, @School() school: SchoolScope): Promise<CalendarFeedDto> {
    const token = await this.feeds.create(school, access.principal.userId);
    return { url: `${this.config.publicUrl}/v1/calendar-feeds/${token}.ics` };
  }

  @Allow('teacher', 'senco', 'head')
  @Delete('calendar-feed')
  @HttpCode(204)
  @ApiNoContentResponse()
  async revokeFeed(@Access() access: RequestAccess, @School() school: SchoolScope): Promise<void> {
    await this.feeds.revoke(school, access.principal.userId);
  }
}

/** The feed itself: fetched by calendar apps, which cannot sign in; the link is the credential. */
@ApiTags('interventions')
@Controller({ path: 'calendar-feeds', version: '1' })
export class CalendarFeedController {
  constructor(
    private readonly feeds: CalendarFeedService,
    private readonly clock: Clock,
    private readonly limiter: PublicRateLimiter,
  ) {}

  @Public()
  @Get(':file')
  @ApiProduces('text/calendar')
  @ApiOkResponse({ description: 'iCalendar (RFC 5545)', schema: { type: 'string' } })
  async feed(@Param('file') file: string, @Req() request: AppRequest, @Res({ passthrough: true }) reply: FastifyReply): Promise<string> {
    const wait = await this.limiter.hit('calendar', request.ip);
    if (wait > 0) throw rateLimited(wait);
    const ics = await this.feeds.render(file.replace(/\.ics$/, ''), this.clock.now());
    void reply.header('content-type', 'text/calendar; charset=utf-8').header('cache-control', 'private, max-age=300');
    return ics;
  }
}
