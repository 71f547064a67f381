import { keepPreviousData, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { api, must, type Schemas } from '../api/client';
import { $api } from '../api/query';
import { longDate } from '../labels';
import { ErrorSummary, Loading, Page, Pager, Tag, pageRange, rolesIn, useAction, useMe, DataTable } from '../ui';

type Item = Schemas['RetentionItemDto'];
const PAGE_SIZE = 50;

/** Which retention rule listed the record, in words (libs/privacy/retention-item.entity.ts). */
function ruleText(item: Item): string {
  const years = `${item.ruleYears} year${item.ruleYears === 1 ? '' : 's'}`;
  if (item.rule === 'transferred') return `${years} after leaving: the SEN record was sent to the next school, which keeps it`;
  if (item.rule === 'never_on_register') return `${years} after leaving: never on the SEN register`;
  return `${years} after birth: this school is the record's last school`;
}

/**
 * Records past the retention rule. The SENCO or head can look for new ones; only the head decides, one record
 * at a time, and erasing asks to be confirmed: it cannot be undone.
 */
export function Retention({ params }: { params: Record<string, string> }) {
  const schoolId = params.schoolId;
  const { me } = useMe();
  const isHead = rolesIn(me, schoolId).includes('head');
  const [page, setPage] = useState(1);
  // The page being left stays on screen until the next one comes (as the pager has always behaved).
  const state = $api.useQuery(
    'get',
    '/v1/schools/{schoolId}/retention/items',
    { params: { path: { schoolId }, query: { status: 'listed', offset: (page - 1) * PAGE_SIZE, limit: PAGE_SIZE } } },
    { placeholderData: keepPreviousData },
  );
  const queryClient = useQueryClient();
  const refresh = () => queryClient.invalidateQueries({ queryKey: ['get', '/v1/schools/{schoolId}/retention/items'] });
  const [confirming, setConfirming] = useState<Item | null>(null);
  const [found, setFound] = useState<number | null>(null);
  const { busy, error, run } = useAction();
  const decide = (item: Item, decision: 'approve' | 'reject') =>
    run(async () => {
      const path = { schoolId, itemId: item.id };
      if (decision === 'approve') must(await api.POST('/v1/schools/{schoolId}/retention/items/{itemId}/approve', { params: { path } }));
      else must(await api.POST('/v1/schools/{schoolId}/retention/items/{itemId}/reject', { params: { path } }));
      setConfirming(null);
      await refresh();
    });
  return (
    <Page title="Records due for deletion" wide>
      <p>
        The school that keeps a pupil's SEN record last keeps it until years after their date of birth. A record sent on to the next school, and the record of a
        pupil never on the SEN register, go sooner: the school's shorter rule, years after leaving. Nothing is deleted until the head approves it.
      </p>
      <ErrorSummary error={error} />
      <button
        type="button"
        className="button secondary"
        disabled={busy}
        onClick={() =>
          void run(async () => {
            setFound(must(await api.POST('/v1/schools/{schoolId}/retention/scan', { params: { path: { schoolId } } })).listed);
            await refresh();
          })
        }
      >
        Check for records due now
      </button>
      {found !== null && <p role="status">{found === 0 ? 'No new record is due.' : `${found} record${found === 1 ? '' : 's'} newly listed.`}</p>}
      {confirming && (
        <div className="error-summary" role="alertdialog" aria-labelledby="confirm-h" aria-describedby="confirm-d">
          <h2 id="confirm-h">
            Delete {confirming.firstName} {confirming.lastName}'s SEN record?
          </h2>
          <p id="confirm-d">Their plans, reviews, views and history are erased. This cannot be undone.</p>
          <button type="button" className="button warning" disabled={busy} onClick={() => void decide(confirming, 'approve')}>
            Yes, delete the record
          </button>
          <button type="button" className="button secondary" onClick={() => setConfirming(null)}>
            Cancel
          </button>
        </div>
      )}
      <Loading state={state}>
        {(found) =>
          found.total === 0 ? (
            <p>No record is waiting for a decision.</p>
          ) : (
            <>
              <p>{pageRange(found, 'records')}</p>
              <DataTable label="Records due for deletion" columns={['Pupil', 'Born', 'Left', 'Due', 'Rule applied', 'Decision']}>
                {found.items.map((item) => (
                  <tr key={item.id}>
                    <th scope="row">
                      {item.firstName} {item.lastName} <span className="hint">{item.upn}</span>
                    </th>
                    <td>{longDate(item.dateOfBirth)}</td>
                    <td>{longDate(item.leavingDate)}</td>
                    <td>{longDate(item.dueOn)}</td>
                    <td>{ruleText(item)}</td>
                    <td>
                      {isHead ? (
                        <>
                          <button type="button" className="button secondary small" disabled={busy} onClick={() => setConfirming(item)}>
                            Delete {item.firstName} {item.lastName}'s record
                          </button>{' '}
                          <button type="button" className="button-link" disabled={busy} onClick={() => void decide(item, 'reject')}>
                            Keep it
                          </button>
                        </>
                      ) : (
                        <Tag tone="grey">Waiting for the head</Tag>
                      )}
                    </td>
                  </tr>
                ))}
              </DataTable>
              <Pager label="records due for deletion" page={page} pageSize={PAGE_SIZE} total={found.total} onPage={setPage} />
            </>
          )
        }
      </Loading>
    </Page>
  );
}
