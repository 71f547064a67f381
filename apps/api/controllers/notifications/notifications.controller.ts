import { Body, Controller, Get, HttpCode, Param, Post, Put, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { IsBoolean, ValidateIf } from 'class-validator';
import { notFound } from '#libs/core';
import type { SchoolScope } from '#libs/database';
import {
  CHANNELS,
  DELIVERY_STATUSES,
  RECIPIENT_TYPES,
  DeliveriesService,
  DeliveryLogQuery,
  InboxService,
  type Delivery,
  type InboxMessage,
} from '#libs/notifications';
import { PupilsService } from '#libs/register';
import { Access, School } from '../../http/current.decorator.js';
import { pageOf } from '../../http/paging.js';
import { Allow } from '../../http/policy.decorator.js';
import type { RequestAccess } from '../../http/tenant-request.js';
import { UuidParam } from '../../http/validators.js';
import { DeliveriesQuery, InboxQuery } from './notifications-query.dto.js';

const given = (_: object, value: unknown) => value !== null && value !== undefined;

class InboxMessageDto {
  @ApiProperty() id: string;
  @ApiProperty() subject: string;
  @ApiProperty() body: string;
  @ApiProperty() createdAt: Date;
  @ApiProperty({ nullable: true, type: Date }) readAt: Date | null;
}

class UnreadDto {
  @ApiProperty() unread: number;
}

/** Someone with a staff role at the school is asked as staff, even if they are a parent there too (a teacher's own child). */
const asParent = (access: RequestAccess) => !access.roles.some((r) => r === 'teacher' || r === 'senco' || r === 'head');

class PreferencesDto {
  @ApiProperty({ description: 'A parent: email for messages the law does not require. Staff: email for reminders' }) email: boolean;
  @ApiProperty({ description: 'A parent: the in-app inbox for messages the law does not require. Staff: always true' }) inApp: boolean;
  @ApiProperty({
    description: "What the law requires always goes whatever is chosen: a parent's formal SEN Support notice; staff's EHC statutory clocks",
  })
  statutoryAlwaysSent: boolean;
}

class PreferencesInputDto {
  @ApiPropertyOptional() @ValidateIf(given) @IsBoolean() email?: boolean;
  @ApiPropertyOptional() @ValidateIf(given) @IsBoolean() inApp?: boolean;
}

export class DeliveryDto {
  @ApiProperty() id: string;
  @ApiProperty() eventId: string;
  @ApiProperty({ nullable: true, type: String }) pupilId: string | null;
  @ApiProperty() kind: string;
  @ApiProperty() statutory: boolean;
  @ApiProperty({ enum: RECIPIENT_TYPES, description: 'contact: a parent or carer; user: staff; pupil: a young person told themself' }) recipientType: string;
  @ApiProperty() recipientId: string;
  @ApiProperty({ enum: CHANNELS }) channel: string;
  @ApiProperty({ nullable: true, type: String }) address: string | null;
  @ApiProperty({ enum: DELIVERY_STATUSES }) status: string;
  @ApiProperty() attempts: number;
  @ApiProperty({ nullable: true, type: String }) lastError: string | null;
  @ApiProperty({ description: 'An attempt was cut off after the mail server may have accepted it: the parent may have it twice' }) possibleDuplicate: boolean;
  @ApiProperty({ nullable: true, type: String }) messageId: string | null;
  @ApiProperty() subject: string;
  @ApiProperty() createdAt: Date;
  @ApiProperty() updatedAt: Date;
  @ApiProperty({ nullable: true, type: Date }) sentAt: Date | null;
}

class DeliveriesPageDto {
  @ApiProperty({ description: 'Deliveries matching, over every page' }) total: number;
  @ApiProperty() offset: number;
  @ApiProperty() limit: number;
  @ApiProperty({ type: [DeliveryDto] }) items: DeliveryDto[];
}

const toMessageDto = (m: InboxMessage): InboxMessageDto => ({ id: m.id, subject: m.subject, body: m.body, createdAt: m.createdAt, readAt: m.readAt });
export const toDeliveryDto = (d: Delivery): DeliveryDto => ({
  id: d.id,
  eventId: d.eventId,
  pupilId: d.pupilId,
  kind: d.kind,
  statutory: d.statutory,
  recipientType: d.recipientType,
  recipientId: d.recipientId,
  channel: d.channel,
  address: d.address,
  status: d.status,
  attempts: d.attempts,
  lastError: d.lastError,
  possibleDuplicate: d.possibleDuplicate,
  messageId: d.messageId,
  subject: d.subject,
  createdAt: d.createdAt,
  updatedAt: d.updatedAt,
  sentAt: d.sentAt,
});

/**
 * The in-app inbox (every signed-in person's own), a parent's channel choices, and the delivery log: proof of
 * what was sent, to whom, on which channel, and what still needs someone to act.
 */
@ApiTags('notifications')
@ApiBearerAuth()
@Controller({ path: 'schools/:schoolId', version: '1' })
export class NotificationsController {
  constructor(
    private readonly inbox: InboxService,
    private readonly log: DeliveryLogQuery,
    private readonly deliveries: DeliveriesService,
    private readonly pupils: PupilsService,
  ) {}

  @Allow('parent', 'teacher', 'senco', 'head')
  @Get('inbox')
  @ApiOkResponse({ type: [InboxMessageDto] })
  async list(@Access() access: RequestAccess, @School() school: SchoolScope, @Query() query: InboxQuery): Promise<InboxMessageDto[]> {
    return (await this.inbox.list(school, access.principal.userId, query.unread ?? false, 200)).map(toMessageDto);
  }

  @Allow('parent', 'teacher', 'senco', 'head')
  @Get('inbox/unread-count')
  @ApiOkResponse({ type: UnreadDto })
  async unread(@Access() access: RequestAccess, @School() school: SchoolScope): Promise<UnreadDto> {
    return { unread: await this.inbox.unread(school, access.principal.userId) };
  }

  @Allow('parent', 'teacher', 'senco', 'head')
  @Post('inbox/:messageId/read')
  @HttpCode(200)
  @ApiOkResponse({ type: InboxMessageDto })
  async read(
    @Access() access: RequestAccess,
    @School() school: SchoolScope,
    @Param('messageId', new UuidParam('messageId')) messageId: string,
  ): Promise<InboxMessageDto> {
    return toMessageDto(await this.inbox.markRead(school, access.principal.userId, messageId));
  }

  /**
   * The caller's own channels at the school. A parent's choice covers every message the law does not require
   * (the formal SEN Support notice always goes); a member of staff's covers email for reminders (a review coming
   * up or overdue), which always reach their inbox too, while the statutory EHC clocks always come by both.
   */
  @Allow('parent', 'teacher', 'senco', 'head')
  @Get('notification-preferences')
  @ApiOkResponse({ type: PreferencesDto })
  async preferences(@Access() access: RequestAccess, @School() school: SchoolScope): Promise<PreferencesDto> {
    const prefs = asParent(access)
      ? await this.inbox.preferences(school, access.principal.userId)
      : await this.inbox.staffPreferences(school, access.principal.userId);
    return { ...prefs, statutoryAlwaysSent: true };
  }

  @Allow('parent', 'teacher', 'senco', 'head')
  @Put('notification-preferences')
  @ApiOkResponse({ type: PreferencesDto })
  async setPreferences(@Access() access: RequestAccess, @School() school: SchoolScope, @Body() body: PreferencesInputDto): Promise<PreferencesDto> {
    const userId = access.principal.userId;
    const prefs = asParent(access) ? await this.inbox.setPreferences(school, userId, body) : await this.inbox.setStaffPreferences(school, userId, body);
    return { ...prefs, statutoryAlwaysSent: true };
  }

  /** Every message about a pupil: to whom, on which channel, its status and attempts. */
  @Allow('senco', 'head')
  @Get('pupils/:pupilId/deliveries')
  @ApiOkResponse({ type: [DeliveryDto] })
  async forPupil(
    @Access() access: RequestAccess,
    @School() school: SchoolScope,
    @Param('pupilId', new UuidParam('pupilId')) pupilId: string,
  ): Promise<DeliveryDto[]> {
    await this.pupils.visible(school, { userId: access.principal.userId, access: 'all' }, pupilId);
    return (await this.log.forPupil(school, pupilId)).map(toDeliveryDto);
  }

  /** Deliveries someone must act on (failed after every retry, bounced, to be posted, or possibly sent twice), a page at a time. */
  @Allow('senco', 'head')
  @Get('deliveries')
  @ApiOkResponse({ type: DeliveriesPageDto })
  async attention(@School() school: SchoolScope, @Query() query: DeliveriesQuery): Promise<DeliveriesPageDto> {
    const page = pageOf(query);
    const found = query.status ? await this.log.byStatus(school, [query.status], page) : await this.log.needingAttention(school, page);
    return { total: found.total, ...page, items: found.items.map(toDeliveryDto) };
  }

  /** A notice the school printed and posted (the parent has no email and no account): recorded as sent. */
  @Allow('senco', 'head')
  @Post('deliveries/:deliveryId/posted')
  @HttpCode(200)
  @ApiOkResponse({ type: DeliveryDto })
  async posted(@School() school: SchoolScope, @Param('deliveryId', new UuidParam('deliveryId')) deliveryId: string): Promise<DeliveryDto> {
    const d = await this.deliveries.markPosted(school, deliveryId);
    if (!d) throw notFound('Delivery waiting to be posted');
    return toDeliveryDto(d);
  }
}
