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
    rules.push(
      `exists (select 1 from staff_classes vsc where vsc.school_id = ${alias}.school_id and vsc.class_name = ${alias}.class_name and vsc.user_id = ${viewerParam})`,
    );
    // The pupils of the intervention groups they run: from 30 days before a pupil joins to 30 days after they
    // leave or the group ends.
    rules.push(
      `exists (select 1 from group_enrolments vge join group_staff vgs on vgs.school_id = vge.school_id and vgs.group_id = vge.group_id
          join intervention_groups vg on vg.school_id = vge.school_id and vg.id = vge.group_id
        where vge.school_id = ${alias}.school_id and vge.pupil_id = ${alias}.id and vgs.user_id = ${viewerParam}
          and vge.starts_on <= current_date + 30 and least(coalesce(vge.ends_on, vg.ends_on), vg.ends_on) >= current_date - 30)`,
    );
  }
  if (access.includes('linked')) {
    rules.push(
      `exists (select 1 from pupil_contacts vpc join contacts vc on vc.school_id = vpc.school_id and vc.id = vpc.contact_id
        where vpc.school_id = ${alias}.school_id and vpc.pupil_id = ${alias}.id and vc.user_id = ${viewerParam})`,
    );
  }
  return rules.length > 0 ? `(${rules.join(' or ')})` : 'false';
}
