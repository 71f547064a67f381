import { Module } from '@nestjs/common';
import { AuditModule } from '#libs/audit';
import { InterventionsModule } from '#libs/interventions';
import { OutboxModule } from '#libs/outbox';
import { RegisterModule } from '#libs/register';
import { TenancyModule } from '#libs/tenancy';
import { ReportRenderEvents } from './report-render-events.js';
import { ReportRendersService } from './report-renders.service.js';
import { TrustReports } from './trust-reports.js';
import { PublicReports } from './public-reports.js';
import { ReportFiguresQuery } from './report-figures.js';
import { ReportsService } from './reports.service.js';

@Module({
  imports: [AuditModule, RegisterModule, InterventionsModule, OutboxModule, TenancyModule],
  providers: [ReportFiguresQuery, ReportsService, PublicReports, ReportRendersService, ReportRenderEvents, TrustReports],
  exports: [ReportFiguresQuery, ReportsService, PublicReports, ReportRendersService, TrustReports],
})
export class ReportsModule {}
