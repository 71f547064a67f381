import { Module } from '@nestjs/common';
import { AuditModule } from '#libs/audit';
import { AuthModule } from '#libs/auth';
import { StaffDirectoryService } from './staff-directory.service.js';

@Module({
  imports: [AuditModule, AuthModule],
  providers: [StaffDirectoryService],
  exports: [StaffDirectoryService],
})
export class StaffModule {}
