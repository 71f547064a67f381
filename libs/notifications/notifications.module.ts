import { Module } from '@nestjs/common';
import { InterventionsModule } from '#libs/interventions';
import { OutboxModule } from '#libs/outbox';
import { TenancyModule } from '#libs/tenancy';
import { DeliveriesService } from './deliveries.service.js';
import { DeliveryLogQuery } from './delivery-log.query.js';
import { InboxService } from './inbox.service.js';
import { NotificationPlanner } from './notification-planner.js';
import { OutboxRelay } from './outbox-relay.js';
import { ReviewScanService } from './review-scan.service.js';

@Module({
  imports: [OutboxModule, TenancyModule, InterventionsModule],
  providers: [NotificationPlanner, DeliveriesService, OutboxRelay, ReviewScanService, InboxService, DeliveryLogQuery],
  exports: [NotificationPlanner, DeliveriesService, OutboxRelay, ReviewScanService, InboxService, DeliveryLogQuery],
})
export class NotificationsModule {}
