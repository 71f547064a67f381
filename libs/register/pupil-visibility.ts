import type { PupilAccess } from '#libs/database';

export interface Viewer {
  userId: string;
  access: PupilAccess;
}

/**
 * Layer 1 of "a parent sees only their own child; a teacher only the pupils they teach": the same rule as
 * the `pupils` RLS policy (layer 2), written into the application's own queries. `$viewer` is the caller's
 * user id as a bind parameter; `alias` the pupils alias.
 */
export function pupilVisibleSql(alias: string, access: PupilAccess, viewerParam: string): string {
  if (access === 'all') return 'true';
  const rules: string[] = [];
  if (access.includes('taught')) {
    rules.push(`exists (select 1 from staff_classes vsc where vsc.school_id = ${alias}.school_id and vsc.class_name = ${alias}.class_name and vsc.user_id = ${viewerParam})`);
  }
  if (access.includes('linked')) {
    rules.push(`exists (select 1 from pupil_contacts vpc join contacts vc on vc.id = vpc.contact_id where vpc.pupil_id = ${alias}.id and vc.user_id = ${viewerParam})`);
  }
  return rules.length > 0 ? `(${rules.join(' or ')})` : 'false';
}
