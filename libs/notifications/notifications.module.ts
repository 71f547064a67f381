import { Module } from '@nestjs/common';
import { InterventionsModule } from '#libs/interventions';
import { OutboxModule } from '#libs/outbox';
import { TenancyModule } from '#libs/tenancy';
import { DeliveriesService } from './deliveries.service.js';
import { DeliveryLogQuery } from './delivery-log.query.js';
import { InboxService } from './inbox.service.js';
import { NotificationPlanner } from './notification-planner.js';
import { NotificationEvents } from './notification-events.js';
import { ReviewScanService } from './review-scan.service.js';

@Module({
  imports: [OutboxModule, TenancyModule, InterventionsModule],
  providers: [NotificationPlanner, DeliveriesService, NotificationEvents, ReviewScanService, InboxService, DeliveryLogQuery],
  exports: [NotificationPlanner, DeliveriesService, ReviewScanService, InboxService, DeliveryLogQuery],
})
export class NotificationsModule {}
