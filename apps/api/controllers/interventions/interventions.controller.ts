import { Body, Controller, Get, Param, Patch, Post, Put, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { SchoolScope } from '#libs/database';
import {
  CalendarService,
  CatalogueService,
  GroupEnrolment,
  GroupsQuery,
  GroupsService,
  Intervention,
  InterventionGroup,
  ProvisionMapQuery,
} from '#libs/interventions';
import { SchoolToday } from '#libs/register';
import { ACADEMIC_YEAR } from '../../http/academic-year.js';
import { Access, School } from '../../http/current.decorator.js';
import { Allow } from '../../http/policy.decorator.js';
import type { RequestAccess } from '../../http/tenant-request.js';
import { UuidParam } from '../../http/validators.js';
import { groupViewer } from '../../http/viewers.js';
import {
  BudgetDto,
  BudgetInputDto,
  CalendarDto,
  CalendarInputDto,
  EnrolmentDto,
  EnrolmentInputDto,
  EnrolmentPatchDto,
  GroupDto,
  GroupInputDto,
  GroupPatchDto,
  InterventionDto,
  InterventionInputDto,
  InterventionPatchDto,
  ScheduleInputDto,
} from './interventions.dto.js';
import { CatalogueQuery } from './interventions-query.dto.js';

const STAFF = ['senco', 'head', 'teacher', 'trust_lead'] as const;
const toInterventionDto = (i: Intervention): InterventionDto => ({
  id: i.id,
  name: i.name,
  areaOfNeed: i.areaOfNeed,
  description: i.description,
  evidenceNotes: i.evidenceNotes,
  frequencyCount: i.frequencyCount,
  frequencyPeriod: i.frequencyPeriod,
  sessionMinutes: i.sessionMinutes,
  groupSize: i.groupSize,
  deliveringRole: i.deliveringRole,
  staffCostPerHourPence: i.staffCostPerHourPence,
  resourceCostPence: i.resourceCostPence,
  suggestedMeasure: i.suggestedMeasure,
  active: i.active,
});

/** The school's catalogue of interventions, its calendar, its SEN budget, and its intervention groups. */
@ApiTags('interventions')
@ApiBearerAuth()
@Controller({ path: 'schools/:schoolId', version: '1' })
export class InterventionsController {
  constructor(
    private readonly catalogue: CatalogueService,
    private readonly calendar: CalendarService,
    private readonly groups: GroupsService,
    private readonly provision: ProvisionMapQuery,
    private readonly today: SchoolToday,
    private readonly query: GroupsQuery,
  ) {}

  @Allow(...STAFF)
  @Get('interventions')
  @ApiOkResponse({ type: [InterventionDto] })
  async list(@School() school: SchoolScope, @Query() query: CatalogueQuery): Promise<InterventionDto[]> {
    return (await this.catalogue.list(school, query.includeInactive ?? false)).map(toInterventionDto);
  }

  @Allow('senco', 'head')
  @Post('interventions')
  @ApiCreatedResponse({ type: InterventionDto })
  async create(@School() school: SchoolScope, @Body() body: InterventionInputDto): Promise<InterventionDto> {
    return toInterventionDto(
      await this.catalogue.create(school, {
        name: body.name,
        areaOfNeed: body.areaOfNeed ?? null,
        description: body.description ?? null,
        evidenceNotes: body.evidenceNotes ?? null,
        frequencyCount: body.frequencyCount ?? null,
        frequencyPeriod: body.frequencyPeriod ?? null,
        sessionMinutes: body.sessionMinutes ?? null,
        groupSize: body.groupSize ?? null,
        deliveringRole: body.deliveringRole ?? null,
        staffCostPerHourPence: body.staffCostPerHourPence ?? null,
        resourceCostPence: body.resourceCostPence ?? null,
        suggestedMeasure: body.suggestedMeasure ?? null,
      }),
    );
  }

  /** Adds the common programmes (NELI, Catch Up, ELSA …) the catalogue does not have yet. */
  @Allow('senco', 'head')
  @Post('interventions/seed')
  @ApiCreatedResponse({ type: [InterventionDto], description: 'The programmes added' })
  async seed(@School() school: SchoolScope): Promise<InterventionDto[]> {
    return (await this.catalogue.seed(school)).map(toInterventionDto);
  }

  @Allow('senco', 'head')
  @Patch('interventions/:interventionId')
  @ApiOkResponse({ type: InterventionDto })
  async update(
    @School() school: SchoolScope,
    @Param('interventionId', new UuidParam('interventionId')) id: string,
    @Body() body: InterventionPatchDto,
  ): Promise<InterventionDto> {
    return toInterventionDto(await this.catalogue.update(school, id, body));
  }

  @Allow(...STAFF)
  @Get('calendar/:academicYear')
  @ApiOkResponse({ type: CalendarDto })
  async getCalendar(@School() school: SchoolScope, @Param('academicYear', ACADEMIC_YEAR) year: number): Promise<CalendarDto> {
    const c = await this.calendar.year(school, year);
    return {
      academicYear: c.academicYear,
      terms: c.terms.map(({ name, startsOn, endsOn }) => ({ name, startsOn, endsOn })),
      closures: c.closures.map(({ kind, name, startsOn, endsOn }) => ({ kind, name, startsOn, endsOn })),
      sessionsChanged: 0,
    };
  }

  /**
   * Replaces a year's terms and closures. Planned sessions follow: none is left on a day the school is now
   * closed, and new open days get theirs. Recorded sessions are kept.
   */
  @Allow('senco', 'head')
  @Put('calendar/:academicYear')
  @ApiOkResponse({ type: CalendarDto })
  async putCalendar(@School() school: SchoolScope, @Param('academicYear', ACADEMIC_YEAR) year: number, @Body() body: CalendarInputDto): Promise<CalendarDto> {
    const groupIds = await this.calendar.replaceYear(
      school,
      year,
      body.terms,
      body.closures.map((c) => ({ ...c, name: c.name ?? null })),
    );
    const changed = await this.groups.followCalendar(school, groupIds);
    const c = await this.calendar.year(school, year);
    return {
      academicYear: year,
      terms: c.terms.map(({ name, startsOn, endsOn }) => ({ name, startsOn, endsOn })),
      closures: c.closures.map(({ kind, name, startsOn, endsOn }) => ({ kind, name, startsOn, endsOn })),
      sessionsChanged: changed,
    };
  }

  @Allow('senco', 'head')
  @Put('sen-budgets/:academicYear')
  @ApiOkResponse({ type: BudgetDto })
  async putBudget(@School() school: SchoolScope, @Param('academicYear', ACADEMIC_YEAR) year: number, @Body() body: BudgetInputDto): Promise<BudgetDto> {
    const b = await this.provision.setBudget(school, year, body.amountPence);
    return { academicYear: b.academicYear, amountPence: b.amountPence };
  }

  /** Groups: the SENCO, head and trust lead see every group; a teacher the groups they run. */
  @Allow(...STAFF)
  @Get('intervention-groups')
  @ApiOkResponse({ type: [GroupDto] })
  async listGroups(@Access() access: RequestAccess, @School() school: SchoolScope): Promise<GroupDto[]> {
    return this.groupDtos(school, await this.query.list(school, groupViewer(access)));
  }

  @Allow('senco', 'head')
  @Post('intervention-groups')
  @ApiCreatedResponse({ type: GroupDto })
  async createGroup(@School() school: SchoolScope, @Body() body: GroupInputDto): Promise<GroupDto> {
    const group = await this.groups.create(school, {
      interventionId: body.interventionId,
      name: body.name,
      startsOn: body.startsOn,
      endsOn: body.endsOn,
      location: body.location ?? null,
      staffUserIds: body.staffUserIds,
      schedule: body.schedule,
      pupils: (body.pupils ?? []).map((p) => ({
        pupilId: p.pupilId,
        startsOn: p.startsOn ?? null,
        measureName: p.measureName ?? null,
        entryValue: p.entryValue ?? null,
        entryOn: p.entryOn ?? null,
      })),
    });
    return (await this.groupDtos(school, [group]))[0]!;
  }

  @Allow(...STAFF)
  @Get('intervention-groups/:groupId')
  @ApiOkResponse({ type: GroupDto })
  async getGroup(
    @Access() access: RequestAccess,
    @School() school: SchoolScope,
    @Param('groupId', new UuidParam('groupId')) groupId: string,
  ): Promise<GroupDto> {
    const group = await this.query.visible(school, groupViewer(access), groupId);
    return (await this.groupDtos(school, [group]))[0]!;
  }

  @Allow('senco', 'head')
  @Patch('intervention-groups/:groupId')
  @ApiOkResponse({ type: GroupDto })
  async updateGroup(
    @School() school: SchoolScope,
    @Param('groupId', new UuidParam('groupId')) groupId: string,
    @Body() body: GroupPatchDto,
  ): Promise<GroupDto> {
    const group = await this.groups.update(school, groupId, body, await this.today.of(school));
    return (await this.groupDtos(school, [group]))[0]!;
  }

  /** Replaces the weekly timetable; sessions from today on follow it (clashes refused), recorded ones stay. */
  @Allow('senco', 'head')
  @Put('intervention-groups/:groupId/schedule')
  @ApiOkResponse({ type: GroupDto })
  async schedule(
    @School() school: SchoolScope,
    @Param('groupId', new UuidParam('groupId')) groupId: string,
    @Body() body: ScheduleInputDto,
  ): Promise<GroupDto> {
    await this.groups.setSchedule(school, groupId, body.schedule, await this.today.of(school));
    return (await this.groupDtos(school, [await this.groups.get(school, groupId)]))[0]!;
  }

  @Allow('senco', 'head')
  @Post('intervention-groups/:groupId/enrolments')
  @ApiCreatedResponse({ type: EnrolmentDto })
  async enrol(
    @School() school: SchoolScope,
    @Param('groupId', new UuidParam('groupId')) groupId: string,
    @Body() body: EnrolmentInputDto,
  ): Promise<EnrolmentDto> {
    const e = await this.groups.enrol(school, groupId, {
      pupilId: body.pupilId,
      startsOn: body.startsOn ?? null,
      measureName: body.measureName ?? null,
      entryValue: body.entryValue ?? null,
      entryOn: body.entryOn ?? null,
    });
    return (await this.enrolmentDtos(school, [e]))[0]!;
  }

  /** Ends a pupil's place in a group, or records the entry and exit measures. */
  @Allow('senco', 'head')
  @Patch('intervention-groups/:groupId/enrolments/:enrolmentId')
  @ApiOkResponse({ type: EnrolmentDto })
  async updateEnrolment(
    @School() school: SchoolScope,
    @Param('groupId', new UuidParam('groupId')) groupId: string,
    @Param('enrolmentId', new UuidParam('enrolmentId')) enrolmentId: string,
    @Body() body: EnrolmentPatchDto,
  ): Promise<EnrolmentDto> {
    const e = await this.groups.updateEnrolment(school, groupId, enrolmentId, body);
    return (await this.enrolmentDtos(school, [e]))[0]!;
  }

  private async groupDtos(school: SchoolScope, groups: InterventionGroup[]): Promise<GroupDto[]> {
    return this.query.views(school, groups);
  }

  private async enrolmentDtos(school: SchoolScope, enrolments: GroupEnrolment[]): Promise<EnrolmentDto[]> {
    return this.query.enrolmentViews(school, enrolments);
  }
}
