import { Body, Controller, Get, Param, Patch, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { invalid, type FieldError } from '#libs/core';
import type { SchoolScope } from '#libs/database';
import { AccessLogService } from '#libs/privacy';
import {
  ContactsService,
  PupilsService,
  SchoolToday,
  SenStatusService,
  areaOfNeed,
  isYoungPerson,
  parseNeedCode,
  parseSenStatus,
  type NeedCode,
  type StatusChange,
} from '#libs/register';
import { Access, School } from '../../http/current.decorator.js';
import { Allow } from '../../http/policy.decorator.js';
import type { RequestAccess } from '../../http/tenant-request.js';
import { UuidParam } from '../../http/validators.js';
import { pupilViewer } from '../../http/viewers.js';
import { toEntryDto, toPupilDto } from './mappers.js';
import { ChangeSenStatusDto, CreatePupilDto, PupilDetailDto, PupilDto, StatusEntryDto, TaughtPupilDto, UpdatePupilDto } from './pupils.dto.js';

const keepsRegister = (a: RequestAccess) => a.scope.pupilAccess === 'all';

@ApiTags('register')
@ApiBearerAuth()
@Controller({ path: 'schools/:schoolId', version: '1' })
export class PupilsController {
  constructor(
    private readonly pupils: PupilsService,
    private readonly status: SenStatusService,
    private readonly contacts: ContactsService,
    private readonly today: SchoolToday,
    private readonly accessLog: AccessLogService,
  ) {}

  @Allow('senco', 'head')
  @Post('pupils')
  @ApiCreatedResponse({ type: PupilDto })
  async create(@School() school: SchoolScope, @Body() body: CreatePupilDto): Promise<PupilDto> {
    const pupil = await this.pupils.create(
      school,
      {
        ...body,
        preferredFirstName: body.preferredFirstName ?? null,
        preferredLastName: body.preferredLastName ?? null,
        className: body.className ?? null,
        gender: body.gender ?? null,
        fsmEligible: body.fsmEligible ?? false,
        eal: body.eal ?? false,
        lookedAfter: body.lookedAfter ?? false,
        admissionDate: body.admissionDate ?? null,
        leavingDate: body.leavingDate ?? null,
      },
      await this.today.of(school),
    );
    return toPupilDto(pupil);
  }

  /** For a teacher: the SEN pupils in the classes they teach, with their needs and pupil passports. */
  @Allow('teacher', 'senco', 'head')
  @Get('pupils/taught')
  @ApiOkResponse({ type: [TaughtPupilDto] })
  async taught(@Access() access: RequestAccess, @School() school: SchoolScope): Promise<TaughtPupilDto[]> {
    const rows = await this.pupils.taughtSen(school, access.principal.userId, await this.today.of(school));
    return rows.map((r) => ({ ...r, areaOfNeed: r.primaryNeed ? areaOfNeed(r.primaryNeed) : null }));
  }

  /** For a parent: their own children at this school, and nobody else's. */
  @Allow('parent')
  @Get('children')
  @ApiOkResponse({ type: [PupilDto] })
  async children(@Access() access: RequestAccess, @School() school: SchoolScope): Promise<PupilDto[]> {
    return (await this.pupils.childrenOf(school, access.principal.userId)).map(toPupilDto);
  }

  /**
   * One pupil, shaped by who asks: register staff see everything; a teacher who teaches the pupil sees the
   * current needs and passport; a parent sees their child's history and only their own contact record.
   */
  @Allow('senco', 'head', 'trust_lead', 'teacher', 'parent')
  @Get('pupils/:pupilId')
  @ApiOkResponse({ type: PupilDetailDto })
  async get(
    @Access() access: RequestAccess,
    @School() school: SchoolScope,
    @Param('pupilId', new UuidParam('pupilId')) pupilId: string,
  ): Promise<PupilDetailDto> {
    const pupil = await this.pupils.visible(school, pupilViewer(access), pupilId);
    await this.accessLog.read(school, pupilId, 'pupil_record', access.roles);
    const history = (await this.status.timeline(school, pupilId)).map(toEntryDto);
    const currentStatus = history.find((e) => e.endDate === null) ?? null;
    const dto: PupilDetailDto = { ...toPupilDto(pupil), currentStatus };
    if (keepsRegister(access)) {
      const notices = {
        youngPerson: isYoungPerson(pupil.dateOfBirth, await this.today.of(school)),
        email: pupil.email,
        youngPersonParentsInformed: pupil.youngPersonParentsInformed,
      };
      return { ...dto, history, contacts: await this.contacts.forPupil(school, pupilId), notices, recordSentOn: pupil.recordSentOn };
    }
    const ownContacts = access.roles.includes('parent') ? await this.contacts.forPupil(school, pupilId, access.principal.userId) : [];
    return ownContacts.length > 0 ? { ...dto, history, contacts: ownContacts } : dto;
  }

  @Allow('senco', 'head')
  @Patch('pupils/:pupilId')
  @ApiOkResponse({ type: PupilDto })
  async update(@School() school: SchoolScope, @Param('pupilId', new UuidParam('pupilId')) pupilId: string, @Body() body: UpdatePupilDto): Promise<PupilDto> {
    return toPupilDto(await this.pupils.update(school, pupilId, body, await this.today.of(school)));
  }

  @Allow('senco', 'head', 'trust_lead', 'parent')
  @Get('pupils/:pupilId/sen-status')
  @ApiOkResponse({ type: [StatusEntryDto] })
  async timeline(
    @Access() access: RequestAccess,
    @School() school: SchoolScope,
    @Param('pupilId', new UuidParam('pupilId')) pupilId: string,
  ): Promise<StatusEntryDto[]> {
    await this.pupils.visible(school, pupilViewer(access), pupilId);
    await this.accessLog.read(school, pupilId, 'sen_history', access.roles);
    return (await this.status.timeline(school, pupilId)).map(toEntryDto);
  }

  /** Appends a change to the pupil's SEN status: placing on K or E, a change of need, removal (N). */
  @Allow('senco', 'head')
  @Post('pupils/:pupilId/sen-status')
  @ApiCreatedResponse({ type: StatusEntryDto })
  async change(
    @School() school: SchoolScope,
    @Param('pupilId', new UuidParam('pupilId')) pupilId: string,
    @Body() body: ChangeSenStatusDto,
  ): Promise<StatusEntryDto> {
    const change = toStatusChange(body);
    return toEntryDto(await this.status.change(school, pupilId, change, await this.today.of(school), { parentsAlreadyNotified: body.parentsAlreadyNotified }));
  }
}

/** Codes are parsed by the domain rules, so a legacy code (S, P, A, BESD) gets its own explanation. */
function toStatusChange(body: ChangeSenStatusDto): StatusChange {
  const errors: FieldError[] = [];
  const status = parseSenStatus(body.status);
  if (!status.ok) errors.push({ field: 'status', message: status.message });
  const need = (field: 'primaryNeed' | 'secondaryNeed'): NeedCode | null => {
    const raw = body[field];
    if (raw === null || raw === undefined || raw === '') return null;
    const parsed = parseNeedCode(raw);
    if (parsed.ok) return parsed.code;
    errors.push({ field, message: parsed.message });
    return null;
  };
  const primaryNeed = need('primaryNeed');
  const secondaryNeed = need('secondaryNeed');
  if (!status.ok || errors.length > 0) throw invalid(errors);
  return { status: status.status, startDate: body.startDate, primaryNeed, secondaryNeed, ehcPlanDate: body.ehcPlanDate ?? null, reason: body.reason.trim() };
}
