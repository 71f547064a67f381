import { QueryBoolean } from '../../http/query.js';

export class InboxQuery {
  @QueryBoolean('Only messages not yet read')
  unread?: boolean;
}
