import type { EntityManager } from 'typeorm';
import { isYoungPerson, type YoungPersonParentsInformed } from '#libs/register';

/** Someone a parent-facing message about a pupil goes to: a parent or carer, or the young person themself. */
export interface Addressee {
  recipientType: 'contact' | 'pupil';
  id: string;
  name: string;
  email: string | null;
  /** The parent account's user, for in-app messages; a pupil has none. */
  userId: string | null;
  notifyEmail: boolean;
  notifyInApp: boolean;
}

interface PupilRow {
  first_name: string;
  last_name: string;
  date_of_birth: string;
  email: string | null;
  young_person_parents_informed: YoungPersonParentsInformed | null;
}

interface ContactRow {
  id: string;
  first_name: string;
  last_name: string;
  email: string | null;
  user_id: string | null;
  notify_email: boolean;
  notify_in_app: boolean;
}

/**
 * Who is told about a pupil, in the order the school keeps them (docs/domain.md, "Who is a parent" and "Young person"):
 * - a child's parents in the sense of Education Act 1996 s.576: every linked contact with parental
 *   responsibility or who has care of the child (a foster or kinship carer); a relative with neither is not;
 * - a young person (over compulsory school age, `today` being the school's date): the young person
 *   (CFA 2014 s.68 "the child's parent or the young person"), and their parents as well only where the
 *   school records that the young person agrees, or lacks capacity to decide.
 */
export async function audienceOf(m: EntityManager, schoolId: string, pupilId: string, today: string): Promise<Addressee[]> {
  const pupil = (
    await m.query<PupilRow[]>(
      `select coalesce(preferred_first_name, legal_first_name) as first_name, coalesce(preferred_last_name, legal_last_name) as last_name,
            date_of_birth::text as date_of_birth, email, young_person_parents_informed
       from pupils where school_id = $1 and id = $2`,
      [schoolId, pupilId],
    )
  )[0];
  if (!pupil) return [];
  const out: Addressee[] = [];
  const youngPerson = isYoungPerson(pupil.date_of_birth, today);
  if (youngPerson) {
    out.push({
      recipientType: 'pupil',
      id: pupilId,
      name: `${pupil.first_name} ${pupil.last_name}`,
      email: pupil.email,
      userId: null,
      notifyEmail: true,
      notifyInApp: false,
    });
    if (pupil.young_person_parents_informed === null) return out;
  }
  const contacts = await m.query<ContactRow[]>(
    `select c.id, c.first_name, c.last_name, c.email, c.user_id, c.notify_email, c.notify_in_app
       from pupil_contacts pc join contacts c on c.school_id = pc.school_id and c.id = pc.contact_id
      where pc.school_id = $1 and pc.pupil_id = $2 and (pc.parental_responsibility or pc.has_care)
      order by pc.priority, c.last_name, c.id`,
    [schoolId, pupilId],
  );
  for (const c of contacts) {
    out.push({
      recipientType: 'contact',
      id: c.id,
      name: `${c.first_name} ${c.last_name}`,
      email: c.email,
      userId: c.user_id,
      notifyEmail: c.notify_email,
      notifyInApp: c.notify_in_app,
    });
  }
  return out;
}
