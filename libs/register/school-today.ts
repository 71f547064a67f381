import { Injectable } from '@nestjs/common';
import { Clock, dateInZone } from '#libs/core';
import type { SchoolScope } from '#libs/database';
import { TenancyService } from '#libs/tenancy';

/** More schools than England has (about 24,000): past it the kept zones are dropped and read again. */
const KEPT_ZONES = 50_000;

/** "Today" where the school is: a change recorded at 00:30 in London belongs to that London day. */
@Injectable()
export class SchoolToday {
  /**
   * Each school's time zone, once read (under the caller's row-level security). It never changes: the
   * database refuses to change it (migration 1765290000000-school-timezone-fixed), so keeping it is exact,
   * and "today" costs no statement on the many routes that need it (docs/performance.md).
   */
  private readonly zones = new Map<string, string>();

  constructor(
    private readonly clock: Clock,
    private readonly tenancy: TenancyService,
  ) {}

  async of(scope: SchoolScope): Promise<string> {
    let zone = this.zones.get(scope.schoolId);
    if (zone === undefined) {
      zone = (await this.tenancy.getSchool(scope)).timezone;
      if (this.zones.size >= KEPT_ZONES) this.zones.clear();
      this.zones.set(scope.schoolId, zone);
    }
    return this.inZone(zone);
  }

  /** Today in a time zone already loaded with the school (saves reading the school again). */
  inZone(timezone: string): string {
    return dateInZone(this.clock.now(), timezone);
  }
}
