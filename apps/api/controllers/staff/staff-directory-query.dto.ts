import type { SchoolRole } from '#libs/auth';
import type { StaffStatus } from '#libs/staff';
import { QueryEnum } from '../../http/query.js';

export class StaffDirectoryQuery {
  @QueryEnum(['senco', 'head', 'teacher'], { description: 'Only staff with this role' })
  role?: Extract<SchoolRole, 'senco' | 'head' | 'teacher'>;

  @QueryEnum(['invited', 'active', 'left'], { description: 'Only staff with this status' })
  status?: StaffStatus;
}
