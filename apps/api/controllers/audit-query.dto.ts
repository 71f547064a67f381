import { KeysetPageQuery } from '../http/paging.js';

/** A page of the school's audit trail, newest first. */
export class AuditEventsQuery extends KeysetPageQuery {}
