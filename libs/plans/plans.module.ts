import { Module } from '@nestjs/common';
import { AuditModule } from '#libs/audit';
import { OutboxModule } from '#libs/outbox';
import { RegisterModule } from '#libs/register';
import { TenancyModule } from '#libs/tenancy';
import { ContributionsService } from './contributions.service.js';
import { EvidencePackService } from './evidence/evidence-pack.service.js';
import { PlanFlagsQuery } from './plan-flags.query.js';
import { PlanQuery } from './plan.query.js';
import { PlanStore } from './plan.store.js';
import { QualityFactsStore } from './quality-facts.store.js';
import { PlansService } from './plans.service.js';
import { ReviewsService } from './reviews.service.js';

@Module({
  imports: [AuditModule, OutboxModule, RegisterModule, TenancyModule],
  providers: [PlanStore, QualityFactsStore, PlansService, ReviewsService, ContributionsService, PlanQuery, PlanFlagsQuery, EvidencePackService],
  exports: [PlanStore, PlansService, ReviewsService, ContributionsService, PlanQuery, PlanFlagsQuery, EvidencePackService],
})
export class PlansModule {}
