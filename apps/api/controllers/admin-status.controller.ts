import { Controller, Get } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { TenantTransactions } from '#libs/database';
import { TenancyService, Trust } from '#libs/tenancy';
import { Allow } from '../http/policy.decorator.js';
import { SchoolStatusDto } from './admin-status.dto.js';
import { TrustDto } from './schools.dto.js';

interface StatusRow {
  school_id: string;
  staff: number;
  sencos: number;
  heads: number;
  sso_enabled: boolean;
  sso_source: 'school' | 'trust' | null;
}

/** The platform admin's list of schools with how far each is set up (app.school_status: counts only). */
@ApiTags('admin')
@ApiBearerAuth()
@Controller({ path: 'admin', version: '1' })
export class AdminStatusController {
  constructor(
    private readonly tenancy: TenancyService,
    private readonly tx: TenantTransactions,
  ) {}

  @Allow('admin')
  @Get('trusts')
  @ApiOkResponse({ type: [TrustDto] })
  async trusts(): Promise<TrustDto[]> {
    return (await this.tx.manager().find(Trust, { order: { name: 'ASC' } })).map((t) => ({ id: t.id, name: t.name }));
  }

  @Allow('admin')
  @Get('school-status')
  @ApiOkResponse({ type: [SchoolStatusDto] })
  async status(): Promise<SchoolStatusDto[]> {
    const rows = await this.tx.manager().query<StatusRow[]>(`select school_id, staff, sencos, heads, sso_enabled, sso_source from app.school_status()`);
    const byId = new Map(rows.map((r) => [r.school_id, r]));
    return (await this.tenancy.listSchools()).map((s) => {
      const r = byId.get(s.id);
      return {
        id: s.id,
        urn: s.urn,
        name: s.name,
        trustId: s.trustId,
        staff: r?.staff ?? 0,
        sencos: r?.sencos ?? 0,
        heads: r?.heads ?? 0,
        ssoEnabled: r?.sso_enabled ?? false,
        ssoSource: r?.sso_source ?? null,
        setUp: (r?.sencos ?? 0) > 0 && (r?.heads ?? 0) > 0,
      };
    });
  }
}
