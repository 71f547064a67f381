import { Module } from '@nestjs/common';
import { AuditModule } from '#libs/audit';
import { FrameworkImportService } from './framework-import.service.js';
import { FrameworksQuery } from './frameworks.query.js';
import { PupilOapService } from './pupil-oap.service.js';
import { SchoolOfferService } from './school-offer.service.js';

@Module({
  imports: [AuditModule],
  providers: [FrameworkImportService, FrameworksQuery, PupilOapService, SchoolOfferService],
  exports: [FrameworkImportService, FrameworksQuery, PupilOapService, SchoolOfferService],
})
export class OapModule {}
