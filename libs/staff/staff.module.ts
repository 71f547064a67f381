import { Module } from '@nestjs/common';
import { AuditModule } from '#libs/audit';
import { AuthModule } from '#libs/auth';
import { RegisterModule } from '#libs/register';
import { StaffDirectoryService } from './staff-directory.service.js';
import { StaffImportService } from './import/staff-import.service.js';
import { StaffMappingService } from './import/staff-mapping.service.js';

@Module({
  imports: [AuditModule, AuthModule, RegisterModule],
  providers: [StaffDirectoryService, StaffImportService, StaffMappingService],
  exports: [StaffDirectoryService, StaffImportService, StaffMappingService],
})
export class StaffModule {}
