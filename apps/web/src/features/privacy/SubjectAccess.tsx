import { useQueryClient } from '@tanstack/react-query';
import { api, must } from '../../api/client';
import { $api } from '../../api/query';
import { ErrorSummary, Tag, downloadBlob, useAction } from '../../ui';
import { dateTime } from './labels';

/**
 * A copy of everything held about the pupil, for a parent's subject access request: made by the worker, then
 * downloaded through the API with this session (so the file never has a public address).
 */
export function SubjectAccess({ schoolId, pupilId }: { schoolId: string; pupilId: string }) {
  // While a copy is being made, the list is asked again every 1.5 s until it is ready.
  const list = $api.useQuery(
    'get',
    '/v1/schools/{schoolId}/pupils/{pupilId}/subject-access-exports',
    { params: { path: { schoolId, pupilId } } },
    { refetchInterval: (query) => (query.state.data?.some((x) => x.status === 'queued') ? 1500 : false) },
  );
  const queryClient = useQueryClient();
  const { busy, error, run } = useAction();
  const pending = list.data?.some((x) => x.status === 'queued') ?? false;
  const download = (exportId: string, format: 'pdf' | 'html' | 'json') =>
    run(async () => {
      const res = await api.GET('/v1/schools/{schoolId}/subject-access-exports/{exportId}/file', {
        params: { path: { schoolId, exportId }, query: { format } },
        parseAs: 'blob',
      });
      downloadBlob(must(res), `subject-access-${exportId.slice(0, 8)}.${format}`);
    });
  return (
    <>
      <ErrorSummary error={error ?? list.error} />
      <p className="hint">Everything the school holds about the pupil in SEN Manager, for a subject access request. Making it is recorded in the access log.</p>
      <button
        type="button"
        className="button secondary"
        disabled={busy || pending}
        onClick={() =>
          void run(async () => {
            must(await api.POST('/v1/schools/{schoolId}/pupils/{pupilId}/subject-access-exports', { params: { path: { schoolId, pupilId } } }));
            await queryClient.invalidateQueries({ queryKey: ['get', '/v1/schools/{schoolId}/pupils/{pupilId}/subject-access-exports'] });
          })
        }
      >
        Make a subject access copy
      </button>
      {list.data && list.data.length > 0 && (
        <ul className="list">
          {list.data.map((x) => (
            <li key={x.id}>
              Requested {dateTime.format(new Date(x.requestedAt))}:{' '}
              {x.status === 'queued' ? (
                <span role="status">being made…</span>
              ) : x.status === 'failed' ? (
                <Tag tone="red">Failed</Tag>
              ) : (
                <>
                  <Tag tone="green">Ready</Tag>{' '}
                  {(['pdf', 'html', 'json'] as const).map((f) => (
                    <button key={f} type="button" className="button-link" onClick={() => void download(x.id, f)}>
                      Download {f.toUpperCase()}
                    </button>
                  ))}
                </>
              )}
            </li>
          ))}
        </ul>
      )}
    </>
  );
}
