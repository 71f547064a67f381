import { Module } from '@nestjs/common';
import { AuditModule } from '#libs/audit';
import { OutboxModule } from '#libs/outbox';
import { RegisterModule } from '#libs/register';
import { TenancyModule } from '#libs/tenancy';
import { AnnualReviewScan } from './annual-review-scan.service.js';
import { EhcPlansService } from './ehc-plans.service.js';
import { EhcReviewsQuery } from './ehc-reviews.query.js';
import { EhcReviewsService } from './ehc-reviews.service.js';

@Module({
  imports: [AuditModule, OutboxModule, RegisterModule, TenancyModule],
  providers: [EhcPlansService, EhcReviewsService, EhcReviewsQuery, AnnualReviewScan],
  exports: [EhcPlansService, EhcReviewsService, EhcReviewsQuery, AnnualReviewScan],
})
export class EhcPlansModule {}
