import { Module } from '@nestjs/common';
import { AuditModule } from '#libs/audit';
import { OutboxModule } from '#libs/outbox';
import { RegisterModule } from '#libs/register';
import { EhcRequestClockScan } from './ehc-request-clock-scan.js';
import { EhcRequestQuery } from './ehc-request.query.js';
import { EhcRequestsService } from './ehc-requests.service.js';

@Module({
  imports: [AuditModule, OutboxModule, RegisterModule],
  providers: [EhcRequestsService, EhcRequestQuery, EhcRequestClockScan],
  exports: [EhcRequestsService, EhcRequestQuery, EhcRequestClockScan],
})
export class EhcRequestsModule {}
