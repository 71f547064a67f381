import type { Schemas } from '../../api/client';
import { DataTable } from '../../ui';

const pounds = (pence: number | null) => (pence === null ? '—' : `£${Math.round(pence / 100).toLocaleString('en-GB')}`);

/**
 * The provision map read by wave of the graduated response: adjustments in class (wave 1, no intervention time
 * or cost of its own), group interventions (wave 2), individual and specialist support (wave 3).
 */
export function ProvisionByWave({ waves }: { waves: Schemas['ProvisionWaveDto'][] }) {
  return (
    <DataTable label="Provision by wave" columns={['Wave', 'Pupils', 'Groups', 'Hours delivered', 'Cost']}>
      {waves.map((w) => (
        <tr key={w.wave}>
          <th scope="row">{w.label}</th>
          <td>{w.pupils}</td>
          <td>{w.wave === 1 ? '—' : w.groups}</td>
          <td>{w.deliveredHours === null ? '—' : w.deliveredHours}</td>
          <td>{pounds(w.costPence)}</td>
        </tr>
      ))}
    </DataTable>
  );
}
