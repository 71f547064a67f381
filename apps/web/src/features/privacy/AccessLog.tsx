import { useInfiniteQuery } from '@tanstack/react-query';
import { api, must } from '../../api/client';
import { FRESH_EACH_VISIT } from '../../api/query';
import { errorOf } from '../../forms/problem-fields';
import { DataTable, ErrorSummary } from '../../ui';
import { RESOURCE, dateTime } from './labels';

const ACCESS_LOG = '/v1/schools/{schoolId}/pupils/{pupilId}/access-log';

/** The access log of the pupil's SEN record (every read, by whom, when), newest first, a page at a time. */
export function AccessLog({ schoolId, pupilId }: { schoolId: string; pupilId: string }) {
  // Pages follow the API's cursor; the key starts with the path, so invalidating it refreshes the log.
  const log = useInfiniteQuery({
    queryKey: ['get', ACCESS_LOG, { schoolId, pupilId }],
    queryFn: async ({ pageParam }) =>
      must(await api.GET(ACCESS_LOG, { params: { path: { schoolId, pupilId }, query: { limit: 20, ...(pageParam ? { cursor: pageParam } : {}) } } })),
    initialPageParam: '',
    getNextPageParam: (last) => last.nextCursor ?? undefined,
    ...FRESH_EACH_VISIT,
  });
  const entries = log.data?.pages.flatMap((p) => p.items) ?? [];
  return (
    <>
      <ErrorSummary error={errorOf(log.error)} />
      {entries.length === 0 && log.data ? (
        <p>No one has read it yet.</p>
      ) : (
        entries.length > 0 && (
          <DataTable label="Access log" columns={['When', 'Who', 'Read']}>
            {entries.map((e) => (
              <tr key={e.id}>
                <td>{dateTime.format(new Date(e.occurredAt))}</td>
                <td>
                  {e.actorName ?? 'A removed account'} <span className="hint">({e.actorRoles.join(', ') || 'no role'})</span>
                </td>
                <td>{RESOURCE[e.resource] ?? e.resource}</td>
              </tr>
            ))}
          </DataTable>
        )
      )}
      {log.hasNextPage && (
        <button type="button" className="button secondary" disabled={log.isFetchingNextPage} onClick={() => void log.fetchNextPage()}>
          Show earlier reads
        </button>
      )}
    </>
  );
}
