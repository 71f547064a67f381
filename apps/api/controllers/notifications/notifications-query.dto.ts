import { DELIVERY_STATUSES } from '#libs/notifications';
import { OffsetPageQuery } from '../../http/paging.js';
import { QueryBoolean, QueryEnum } from '../../http/query.js';

export class InboxQuery {
  @QueryBoolean('Only messages not yet read')
  unread?: boolean;
}

/** A page of deliveries someone must act on, or of those with one status. */
export class DeliveriesQuery extends OffsetPageQuery {
  @QueryEnum(DELIVERY_STATUSES, { description: 'Only deliveries with this status (default: those needing someone to act)' })
  status?: (typeof DELIVERY_STATUSES)[number];
}
