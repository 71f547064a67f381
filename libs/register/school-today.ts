import { Injectable } from '@nestjs/common';
import { Clock, dateInZone } from '#libs/core';
import type { SchoolScope } from '#libs/database';
import { TenancyService } from '#libs/tenancy';

/** "Today" where the school is: a change recorded at 00:30 in London belongs to that London day. */
@Injectable()
export class SchoolToday {
  constructor(
    private readonly clock: Clock,
    private readonly tenancy: TenancyService,
  ) {}

  async of(scope: SchoolScope): Promise<string> {
    return this.inZone((await this.tenancy.getSchool(scope)).timezone);
  }

  /** Today in a time zone already loaded with the school (saves reading the school again). */
  inZone(timezone: string): string {
    return dateInZone(this.clock.now(), timezone);
  }
}
