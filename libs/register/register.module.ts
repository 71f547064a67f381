import { Module } from '@nestjs/common';
import { AuditModule } from '#libs/audit';
import { AuthModule } from '#libs/auth';
import { OutboxModule } from '#libs/outbox';
import { TenancyModule } from '#libs/tenancy';
import { ContactsService } from './contacts.service.js';
import { ImportService } from './importing/import.service.js';
import { PupilsService } from './pupils.service.js';
import { RegisterQuery } from './register.query.js';
import { SchoolToday } from './school-today.js';
import { SenStatusService } from './sen-status.service.js';

@Module({
  imports: [AuditModule, AuthModule, OutboxModule, TenancyModule],
  providers: [PupilsService, SenStatusService, ContactsService, RegisterQuery, ImportService, SchoolToday],
  exports: [PupilsService, SenStatusService, ContactsService, RegisterQuery, ImportService, SchoolToday],
})
export class RegisterModule {}
