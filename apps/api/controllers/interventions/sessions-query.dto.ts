import { QueryDate } from '../../http/query.js';

/** The days whose sessions to list; the controller fills the defaults from the school's today. */
export class SessionRangeQuery {
  @QueryDate('Default: this Monday')
  from?: string;

  @QueryDate('Default: a week from `from`')
  to?: string;
}
