import type { Schemas } from '../../api/client';

type Flag = Schemas['FlagDto'];

/** Red flags as a list, each with the rule it comes from: on the pupil page, the plan editor and the red flags page. */
export function FlagList({ flags }: { flags: Flag[] }) {
  if (flags.length === 0) return null;
  return (
    <ul className="flags">
      {flags.map((f, i) => (
        <li key={`${f.code}-${f.subjectId}-${i}`}>
          <strong>{f.message}</strong>
          <span className="hint"> ({f.rule})</span>
        </li>
      ))}
    </ul>
  );
}
