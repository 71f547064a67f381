import { Module } from '@nestjs/common';
import { AttachmentsModule } from '#libs/attachments';
import { AuditModule } from '#libs/audit';
import { OutboxModule } from '#libs/outbox';
import { PlansModule } from '#libs/plans';
import { TenancyModule } from '#libs/tenancy';
import { AccessLogService } from './access-log.service.js';
import { PrivacyEvents } from './privacy-events.js';
import { RetentionService } from './retention.service.js';
import { SubjectAccessService } from './subject-access.service.js';
import { TransferService } from './transfer.service.js';

@Module({
  imports: [AuditModule, OutboxModule, PlansModule, TenancyModule, AttachmentsModule],
  providers: [AccessLogService, SubjectAccessService, RetentionService, TransferService, PrivacyEvents],
  exports: [AccessLogService, SubjectAccessService, RetentionService, TransferService, PrivacyEvents],
})
export class PrivacyModule {}
