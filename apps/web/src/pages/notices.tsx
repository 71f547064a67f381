import { keepPreviousData, useQueryClient } from '@tanstack/react-query';
import { api, must } from '../api/client';
import { $api } from '../api/query';
import { longDate } from '../labels';
import { Link } from '../router';
import { useState } from 'react';
import { ErrorSummary, Loading, Page, Pager, Tag, pageRange, useAction, DataTable } from '../ui';

const PAGE_SIZE = 50;
const KIND: Record<string, string> = { email: 'Email', in_app: 'In-app', post: 'Letter' };

/**
 * Messages that need someone at the school: formal notices to parents with no email or account (to be posted),
 * and emails that bounced or failed. A posted letter is marked here, which completes the record of notice.
 */
export function Notices({ params }: { params: Record<string, string> }) {
  const schoolId = params.schoolId;
  const [page, setPage] = useState(1);
  // The page being left stays on screen until the next one comes (as the pager has always behaved).
  const state = $api.useQuery(
    'get',
    '/v1/schools/{schoolId}/deliveries',
    { params: { path: { schoolId }, query: { offset: (page - 1) * PAGE_SIZE, limit: PAGE_SIZE } } },
    { placeholderData: keepPreviousData },
  );
  const queryClient = useQueryClient();
  const { busy, error, run } = useAction();
  return (
    <Page title="Messages to act on" wide>
      <ErrorSummary error={error} />
      <Loading state={state}>
        {(found) =>
          found.total === 0 ? (
            <p role="status">Nothing needs doing: every message has gone.</p>
          ) : (
            <>
              <p role="status">{pageRange(found, 'messages')}</p>
              <DataTable label="Messages to act on" columns={['Message', 'How', 'Status', 'Since', 'Action']}>
                {found.items.map((d) => (
                  <tr key={d.id}>
                    <td>
                      {d.pupilId ? <Link to={`/app/s/${schoolId}/pupils/${d.pupilId}`}>{d.subject}</Link> : d.subject}
                      {d.statutory ? <span className="hint"> (formal notice)</span> : null}
                      {d.address ? <span className="hint"> to {d.address}</span> : null}
                    </td>
                    <td>{KIND[d.channel] ?? d.channel}</td>
                    <td>
                      <Tag tone={d.status === 'needs_action' ? 'yellow' : 'red'}>{d.status === 'needs_action' ? 'To post' : d.status}</Tag>
                      {d.lastError ? <span className="hint"> {d.lastError}</span> : null}
                    </td>
                    <td>{longDate(d.createdAt)}</td>
                    <td>
                      {d.channel === 'post' && d.status === 'needs_action' && (
                        <button
                          type="button"
                          className="button secondary small"
                          disabled={busy}
                          onClick={() =>
                            void run(async () => {
                              must(
                                await api.POST('/v1/schools/{schoolId}/deliveries/{deliveryId}/posted', { params: { path: { schoolId, deliveryId: d.id } } }),
                              );
                              await queryClient.invalidateQueries({ queryKey: ['get', '/v1/schools/{schoolId}/deliveries'] });
                            })
                          }
                        >
                          Mark as posted
                        </button>
                      )}
                    </td>
                  </tr>
                ))}
              </DataTable>
              <Pager label="messages to act on" page={page} pageSize={PAGE_SIZE} total={found.total} onPage={setPage} />
            </>
          )
        }
      </Loading>
    </Page>
  );
}
