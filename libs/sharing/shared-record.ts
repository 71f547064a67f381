import type { EntityManager } from 'typeorm';

export interface SharedSummary {
  firstName: string;
  lastName: string;
  yearGroup: number;
  senStatus: string | null;
  needs: string[];
  provision: string[];
}

export interface SharedPlan {
  version: number;
  status: string;
  needs: string[];
  targets: string[];
  provision: string[];
}

/**
 * What a share shows of the pupil, read with the school's scope after the link and code were checked: the
 * summary (name, year, recorded needs, current provision) and the plan in force (not a draft).
 */
export async function readSummary(m: EntityManager, schoolId: string, pupilId: string): Promise<SharedSummary | null> {
  const [pupil] = await m.query<{ first_name: string; last_name: string; year_group: number }[]>(
    `select coalesce(preferred_first_name, legal_first_name) as first_name, coalesce(preferred_last_name, legal_last_name) as last_name, year_group
       from pupils where school_id = $1 and id = $2`,
    [schoolId, pupilId],
  );
  if (!pupil) return null;
  const [status] = await m.query<{ status: string; primary_need: string | null; secondary_need: string | null }[]>(
    `select status, primary_need, secondary_need from sen_status_entries where school_id = $1 and pupil_id = $2 order by start_date desc limit 1`,
    [schoolId, pupilId],
  );
  const plan = await readPlan(m, schoolId, pupilId);
  return {
    firstName: pupil.first_name,
    lastName: pupil.last_name,
    yearGroup: pupil.year_group,
    senStatus: status?.status ?? null,
    needs: [status?.primary_need, status?.secondary_need].filter((n): n is string => !!n),
    provision: plan?.provision ?? [],
  };
}

export async function readPlan(m: EntityManager, schoolId: string, pupilId: string): Promise<SharedPlan | null> {
  const [version] = await m.query<{ id: string; version: number; status: string; needs: { description?: unknown }[] | null }[]>(
    `select v.id, v.version, v.status, v.needs from plan_versions v join plan_cycles c on c.school_id = v.school_id and c.id = v.cycle_id
      where v.school_id = $1 and c.pupil_id = $2 and v.status <> 'draft'
      order by c.number desc, v.version desc limit 1`,
    [schoolId, pupilId],
  );
  if (!version) return null;
  const lines = async (table: 'plan_targets' | 'plan_provisions') =>
    (
      await m.query<{ description: string }[]>(`select description from ${table} where school_id = $1 and version_id = $2 order by position`, [
        schoolId,
        version.id,
      ])
    ).map((r) => r.description);
  return {
    version: version.version,
    status: version.status,
    needs: (version.needs ?? []).map((n) => (typeof n.description === 'string' ? n.description : '')).filter((d) => d !== ''),
    targets: await lines('plan_targets'),
    provision: await lines('plan_provisions'),
  };
}
