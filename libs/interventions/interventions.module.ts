import { Module } from '@nestjs/common';
import { AuditModule } from '#libs/audit';
import { TenancyModule } from '#libs/tenancy';
import { CalendarFeedService } from './calendar-feed.service.js';
import { CalendarService } from './calendar.service.js';
import { CatalogueService } from './catalogue.service.js';
import { GroupsQuery } from './groups.query.js';
import { GroupsService } from './groups.service.js';
import { ProvisionMapQuery } from './provision-map.query.js';
import { SessionsService } from './sessions.service.js';

@Module({
  imports: [AuditModule, TenancyModule],
  providers: [CatalogueService, CalendarService, GroupsService, GroupsQuery, SessionsService, ProvisionMapQuery, CalendarFeedService],
  exports: [CatalogueService, CalendarService, GroupsService, GroupsQuery, SessionsService, ProvisionMapQuery, CalendarFeedService],
})
export class InterventionsModule {}
