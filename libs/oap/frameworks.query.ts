import { Injectable } from '@nestjs/common';
import { TenantTransactions } from '#libs/database';
import { ledTrustSchools } from '#libs/tenancy';

export interface FrameworkListItem {
  id: string;
  laCode: string;
  name: string;
  version: number;
  effectiveFrom: string;
  sourceCitation: string;
  scale: string[];
  ownerTrustId: string | null;
  expectations: number;
}

/** Frameworks as the caller may see them (row-level security decides): all for the platform admin. */
@Injectable()
export class FrameworksQuery {
  constructor(private readonly tx: TenantTransactions) {}

  /** 404 unless the caller leads the trust. */
  async ledTrust(trustId: string): Promise<string> {
    await ledTrustSchools(this.tx.manager(), trustId);
    return trustId;
  }

  /** For a trust: the platform's frameworks for its schools' LAs and its own; another trust's are left out. */
  async list(trustId?: string): Promise<FrameworkListItem[]> {
    const rows = await this.tx.manager().query<FrameworkListItem[]>(
      `select f.id, f.la_code as "laCode", f.name, f.version, to_char(f.effective_from, 'YYYY-MM-DD') as "effectiveFrom", f.source_citation as "sourceCitation",
              f.scale, f.owner_trust_id as "ownerTrustId", (select count(*)::int from oap_expectations e where e.framework_id = f.id) as expectations
         from oap_frameworks f where $1::uuid is null or f.owner_trust_id is null or f.owner_trust_id = $1::uuid
        order by f.la_code, f.version desc limit 500`,
      [trustId ?? null],
    );
    return rows;
  }
}
