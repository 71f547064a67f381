import { Module } from '@nestjs/common';
import { AuditModule } from '#libs/audit';
import { InterventionsModule } from '#libs/interventions';
import { RegisterModule } from '#libs/register';
import { PublicReports } from './public-reports.js';
import { ReportFiguresQuery } from './report-figures.js';
import { ReportsService } from './reports.service.js';

@Module({
  imports: [AuditModule, RegisterModule, InterventionsModule],
  providers: [ReportFiguresQuery, ReportsService, PublicReports],
  exports: [ReportFiguresQuery, ReportsService, PublicReports],
})
export class ReportsModule {}
