import type { EntityManager } from 'typeorm';
import type { AuditEntry, AuditService } from '#libs/audit';
import { schoolScope } from '#libs/database';

/**
 * Passkeys belong to a user, the audit trail to schools: an event goes into the trail of each school the user
 * belongs to. The transaction is widened to those schools first (for its remaining statements only), as a
 * password change does. A platform admin with no school has no trail to write to.
 */
export async function auditInUsersSchools(m: EntityManager, audit: AuditService, schoolIds: string[], entry: AuditEntry): Promise<void> {
  if (schoolIds.length === 0) return;
  await m.query(`select set_config('app.school_ids', $1, true)`, [`{${[...schoolIds].sort().join(',')}}`]);
  for (const id of schoolIds) await audit.record(schoolScope(id), entry);
}
