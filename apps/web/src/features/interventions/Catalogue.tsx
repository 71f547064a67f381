import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import type { Schemas } from '../../api/client';
import { $api } from '../../api/query';
import { errorOf } from '../../forms/problem-fields';
import { AREA, PERIOD, STAFF_ROLE } from '../../labels';
import { Link } from '../../router';
import { DataTable, ErrorSummary, Loading, Page, Tag } from '../../ui';
import { EMPTY_PROGRAMME, programmeChanges, programmeForm, type Intervention } from './catalogue-form';
import { ProgrammeForm } from './ProgrammeForm';

const CATALOGUE = '/v1/schools/{schoolId}/interventions';
const money = new Intl.NumberFormat('en-GB', { style: 'currency', currency: 'GBP' });

function howOften(i: Intervention): string {
  const parts = [
    i.frequencyCount && i.frequencyPeriod ? `${i.frequencyCount} × ${PERIOD[i.frequencyPeriod] ?? i.frequencyPeriod}` : null,
    i.sessionMinutes ? `${i.sessionMinutes} min` : null,
    i.groupSize ? `groups of ${i.groupSize}` : null,
  ];
  return parts.filter(Boolean).join(', ') || '—';
}

/**
 * The school's intervention catalogue (docs/interventions.md): the programmes its groups run, with what the
 * provision map costs them at. The SENCO adds the common programmes in one step, adds their own, edits one
 * (only what changed is sent), and stops offering one (kept for the record: groups that ran it still show it).
 */
export function CataloguePage({ params }: { params: Record<string, string> }) {
  const schoolId = params.schoolId ?? '';
  const queryClient = useQueryClient();
  const [showAll, setShowAll] = useState(false);
  const [editing, setEditing] = useState<string | null>(null);
  const list = $api.useQuery('get', CATALOGUE, { params: { path: { schoolId }, query: { includeInactive: showAll } } });
  const changed = () => queryClient.invalidateQueries({ queryKey: ['get', CATALOGUE] });
  const seed = $api.useMutation('post', '/v1/schools/{schoolId}/interventions/seed', { onSuccess: changed });
  const add = $api.useMutation('post', CATALOGUE, { onSuccess: changed });
  const update = $api.useMutation('patch', '/v1/schools/{schoolId}/interventions/{interventionId}', { onSuccess: changed });
  const [addKey, setAddKey] = useState(0);
  const patch = (i: Intervention, body: Partial<Schemas['InterventionPatchDto']>) =>
    update.mutateAsync({ params: { path: { schoolId, interventionId: i.id } }, body });
  return (
    <Page title="Intervention catalogue" wide>
      <p>
        The programmes your intervention groups run. <Link to={`/app/s/${schoolId}/interventions`}>Back to intervention groups</Link>
      </p>
      <ErrorSummary error={errorOf(seed.error) ?? (editing ? null : errorOf(update.error))} />
      <p>
        <button type="button" className="button secondary" disabled={seed.isPending} onClick={() => seed.mutate({ params: { path: { schoolId } } })}>
          Add the common programmes
        </button>
      </p>
      {seed.data && (
        <p role="status">
          {seed.data.length === 0 ? 'The catalogue already has every common programme.' : `Added ${seed.data.map((i) => i.name).join(', ')}.`}
        </p>
      )}
      <p>
        <label className="check">
          <input type="checkbox" checked={showAll} onChange={(e) => setShowAll(e.target.checked)} /> Show programmes no longer offered
        </label>
      </p>
      <Loading state={list}>
        {(items) =>
          items.length === 0 ? (
            <p>The catalogue is empty: add the common programmes, or your own below.</p>
          ) : (
            <DataTable label="Intervention catalogue" columns={['Programme', 'Area of need', 'How often', 'Delivered by', 'Costs', 'Offered']}>
              {items.map((i) => (
                <tr key={i.id}>
                  <th scope="row">{i.name}</th>
                  <td>{i.areaOfNeed ? AREA[i.areaOfNeed] : 'Any'}</td>
                  <td>{howOften(i)}</td>
                  <td>{i.deliveringRole ? STAFF_ROLE[i.deliveringRole] : '—'}</td>
                  <td>
                    {i.staffCostPerHourPence !== null ? `${money.format(i.staffCostPerHourPence / 100)} an hour` : '—'}
                    {i.resourceCostPence !== null ? `; ${money.format(i.resourceCostPence / 100)} a group` : ''}
                  </td>
                  <td>
                    {i.active ? <Tag tone="green">Offered</Tag> : <Tag tone="grey">No longer offered</Tag>}{' '}
                    <button type="button" className="button secondary" onClick={() => setEditing(editing === i.id ? null : i.id)}>
                      {editing === i.id ? 'Close' : 'Edit'} <span className="visually-hidden">{i.name}</span>
                    </button>{' '}
                    <button type="button" className="button secondary" disabled={update.isPending} onClick={() => void patch(i, { active: !i.active })}>
                      {i.active ? 'Stop offering' : 'Offer again'} <span className="visually-hidden">{i.name}</span>
                    </button>
                  </td>
                </tr>
              ))}
            </DataTable>
          )
        }
      </Loading>
      {list.data
        ?.filter((i) => i.id === editing)
        .map((i) => (
          <section key={i.id} aria-labelledby="edit-h">
            <h2 id="edit-h">Edit {i.name}</h2>
            <ProgrammeForm
              initial={programmeForm(i)}
              submitLabel="Save the programme"
              pending={update.isPending}
              error={update.error}
              save={async (body) => {
                // Saved unchanged: nothing is sent, so nothing stored (not even an audit event) changes.
                const changes = programmeChanges(i, body);
                if (Object.keys(changes).length > 0) await patch(i, changes);
                setEditing(null);
              }}
            />
          </section>
        ))}
      <section aria-labelledby="add-h">
        <h2 id="add-h">Add a programme</h2>
        <ProgrammeForm
          key={addKey}
          initial={EMPTY_PROGRAMME}
          submitLabel="Add the programme"
          pending={add.isPending}
          error={add.error}
          save={async (body) => {
            await add.mutateAsync({ params: { path: { schoolId } }, body });
            setAddKey((k) => k + 1);
          }}
        />
        {add.data && <p role="status">Added {add.data.name}.</p>}
      </section>
    </Page>
  );
}
