import { Body, Controller, Delete, Get, HttpCode, Inject, Param, Patch, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { APP_CONFIG, type AppConfig } from '#libs/core';
import type { SchoolScope } from '#libs/database';
import { ContactsService, PupilsService } from '#libs/register';
import { Access, School } from '../../http/current.decorator.js';
import { Allow } from '../../http/policy.decorator.js';
import type { RequestAccess } from '../../http/tenant-request.js';
import { UuidParam } from '../../http/validators.js';
import { toCreatedInvitationDto } from '../schools.controller.js';
import { CreatedInvitationDto } from '../schools.dto.js';
import { AddContactDto, ContactDto, UpdateContactDto, UpdateContactLinkDto } from './contacts.dto.js';
import { ContactLinkDto } from './pupils.dto.js';

/** Parents and carers: kept by the SENCO and head. */
@ApiTags('register')
@ApiBearerAuth()
@Controller({ path: 'schools/:schoolId', version: '1' })
export class ContactsController {
  constructor(
    private readonly contacts: ContactsService,
    private readonly pupils: PupilsService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  @Allow('senco', 'head')
  @Get('pupils/:pupilId/contacts')
  @ApiOkResponse({ type: [ContactLinkDto] })
  async list(
    @Access() access: RequestAccess,
    @School() school: SchoolScope,
    @Param('pupilId', new UuidParam('pupilId')) pupilId: string,
  ): Promise<ContactLinkDto[]> {
    await this.pupils.visible(school, { userId: access.principal.userId, access: 'all' }, pupilId);
    return this.contacts.forPupil(school, pupilId);
  }

  @Allow('senco', 'head')
  @Post('pupils/:pupilId/contacts')
  @ApiCreatedResponse({ type: ContactLinkDto })
  async add(@School() school: SchoolScope, @Param('pupilId', new UuidParam('pupilId')) pupilId: string, @Body() body: AddContactDto): Promise<ContactLinkDto> {
    await this.pupils.lock(school, pupilId);
    const link = { relationship: body.relationship, parentalResponsibility: body.parentalResponsibility, hasCare: body.hasCare ?? false };
    if (body.contactId) return this.contacts.addToPupil(school, pupilId, { contactId: body.contactId, link });
    return this.contacts.addToPupil(school, pupilId, {
      details: {
        firstName: body.firstName!,
        lastName: body.lastName!,
        email: body.email ?? null,
        phone: body.phone ?? null,
        preferredChannel: body.preferredChannel!,
      },
      link,
    });
  }

  @Allow('senco', 'head')
  @Patch('pupils/:pupilId/contacts/:contactId')
  @HttpCode(204)
  @ApiNoContentResponse()
  async updateLink(
    @School() school: SchoolScope,
    @Param('pupilId', new UuidParam('pupilId')) pupilId: string,
    @Param('contactId', new UuidParam('contactId')) contactId: string,
    @Body() body: UpdateContactLinkDto,
  ): Promise<void> {
    await this.contacts.updateLink(school, pupilId, contactId, body);
  }

  @Allow('senco', 'head')
  @Delete('pupils/:pupilId/contacts/:contactId')
  @HttpCode(204)
  @ApiNoContentResponse()
  async unlink(
    @School() school: SchoolScope,
    @Param('pupilId', new UuidParam('pupilId')) pupilId: string,
    @Param('contactId', new UuidParam('contactId')) contactId: string,
  ): Promise<void> {
    await this.contacts.unlink(school, pupilId, contactId);
  }

  @Allow('senco', 'head')
  @Patch('contacts/:contactId')
  @ApiOkResponse({ type: ContactDto })
  async update(
    @School() school: SchoolScope,
    @Param('contactId', new UuidParam('contactId')) contactId: string,
    @Body() body: UpdateContactDto,
  ): Promise<ContactDto> {
    const c = await this.contacts.update(school, contactId, body);
    return {
      id: c.id,
      firstName: c.firstName,
      lastName: c.lastName,
      email: c.email,
      phone: c.phone,
      preferredChannel: c.preferredChannel,
      hasAccount: c.userId !== null,
    };
  }

  /** Invites the contact to a parent account that will see only the pupils this contact is linked to. */
  @Allow('senco', 'head')
  @Post('contacts/:contactId/invitation')
  @ApiCreatedResponse({ type: CreatedInvitationDto })
  async invite(
    @Access() access: RequestAccess,
    @School() school: SchoolScope,
    @Param('contactId', new UuidParam('contactId')) contactId: string,
  ): Promise<CreatedInvitationDto> {
    const { invitation, token } = await this.contacts.invite(school, access.roles, contactId);
    return toCreatedInvitationDto(invitation, token, this.config.publicUrl);
  }
}
