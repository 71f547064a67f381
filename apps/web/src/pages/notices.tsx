import { api, must } from '../api/client';
import { longDate } from '../labels';
import { Link } from '../router';
import { ErrorSummary, Loading, Page, Tag, useAction, useLoad, DataTable } from '../ui';

const KIND: Record<string, string> = { email: 'Email', in_app: 'In-app', post: 'Letter' };

/**
 * Messages that need someone at the school: formal notices to parents with no email or account (to be posted),
 * and emails that bounced or failed. A posted letter is marked here, which completes the record of notice.
 */
export function Notices({ params }: { params: Record<string, string> }) {
  const schoolId = params.schoolId!;
  const state = useLoad(async () => must(await api.GET('/v1/schools/{schoolId}/deliveries', { params: { path: { schoolId }, query: {} } })), [schoolId]);
  const { busy, error, run } = useAction();
  return (
    <Page title="Messages to act on" wide>
      <ErrorSummary error={error} />
      <Loading state={state}>
        {(list) =>
          list.length === 0 ? (
            <p role="status">Nothing needs doing: every message has gone.</p>
          ) : (
            <DataTable label="Messages to act on" columns={['Message', 'How', 'Status', 'Since', 'Action']}>
              {list.map((d) => (
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
                            must(await api.POST('/v1/schools/{schoolId}/deliveries/{deliveryId}/posted', { params: { path: { schoolId, deliveryId: d.id } } }));
                            state.reload();
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
          )
        }
      </Loading>
    </Page>
  );
}
