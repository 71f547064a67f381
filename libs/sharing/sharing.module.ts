import { Module } from '@nestjs/common';
import { AttachmentsModule } from '#libs/attachments';
import { AuditModule } from '#libs/audit';
import { OutboxModule } from '#libs/outbox';
import { PlansModule } from '#libs/plans';
import { RegisterModule } from '#libs/register';
import { TenancyModule } from '#libs/tenancy';
import { ReferralsService } from './referrals.service.js';
import { SharedAccessService } from './shared-access.service.js';
import { SharedReportsService } from './shared-reports.service.js';
import { SharesService } from './shares.service.js';

@Module({
  imports: [AttachmentsModule, AuditModule, OutboxModule, PlansModule, RegisterModule, TenancyModule],
  providers: [SharesService, SharedAccessService, SharedReportsService, ReferralsService],
  exports: [SharesService, SharedAccessService, SharedReportsService, ReferralsService],
})
export class SharingModule {}
