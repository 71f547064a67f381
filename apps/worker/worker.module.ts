import { Module, type DynamicModule } from '@nestjs/common';
import { DiscoveryModule } from '@nestjs/core';
import { AuditModule } from '#libs/audit';
import { CoreModule, type AppConfig, type Clock, type Logger } from '#libs/core';
import { DatabaseModule } from '#libs/database';
import { EhcPlansModule } from '#libs/ehc-plans';
import { OutboxEventRegistry, OutboxModule } from '#libs/outbox';
import { allEntities } from '#libs/entities';
import { RedisModule } from '#libs/queue';
import { Mailer, NotificationsModule, SmtpMailer } from '#libs/notifications';
import { PrivacyModule } from '#libs/privacy';
import { ReportsModule } from '#libs/reports';
import { MaintenanceProcessor } from './maintenance.processor.js';
import { NotificationsProcessor } from './notifications.processor.js';
import { EhcRequestsModule } from '#libs/ehc-requests';
import { AttachmentsModule } from '#libs/attachments';

/** The worker: no HTTP server, only queue consumers and job schedulers. */
@Module({})
export class WorkerModule {
  static forRoot(config: AppConfig, logger: Logger, clock?: Clock): DynamicModule {
    return {
      module: WorkerModule,
      imports: [
        CoreModule.forRoot(config, logger, clock),
        DatabaseModule.forRoot(allEntities, 'worker'),
        RedisModule.forRoot('worker'),
        AuditModule,
        DiscoveryModule,
        OutboxModule,
        NotificationsModule,
        ReportsModule,
        PrivacyModule,
        EhcRequestsModule,
        EhcPlansModule,
        AttachmentsModule,
      ],
      providers: [MaintenanceProcessor, NotificationsProcessor, OutboxEventRegistry, { provide: Mailer, useClass: SmtpMailer }],
    };
  }
}
