import { Link } from '../../router';
import { rolesIn, useMe } from '../../ui';

/** The SENCO's and head's ways into setting up interventions, from the groups page; a teacher sees none (the routes refuse them). */
export function SetupLinks({ schoolId }: { schoolId: string }) {
  if (!rolesIn(useMe().me, schoolId).some((r) => r === 'senco' || r === 'head')) return null;
  return (
    <ul className="actions">
      <li>
        <Link to={`/app/s/${schoolId}/intervention-groups/new`}>Set up an intervention group</Link>
      </li>
      <li>
        <Link to={`/app/s/${schoolId}/intervention-catalogue`}>The intervention catalogue</Link>
      </li>
      <li>
        <Link to={`/app/s/${schoolId}/school-year`}>The school year: terms, closures and the SEN budget</Link>
      </li>
    </ul>
  );
}
