import { useState } from 'react';
import { api, must, type Schemas } from '../../api/client';
import { DataTable, ErrorSummary, useLoad } from '../../ui';
import { RESOURCE, dateTime } from './labels';

/** The access log of the pupil's SEN record (every read, by whom, when), newest first, a page at a time. */
export function AccessLog({ schoolId, pupilId }: { schoolId: string; pupilId: string }) {
  const [pages, setPages] = useState<Schemas['AccessLogEntryDto'][][]>([]);
  const [cursor, setCursor] = useState<string | undefined>(undefined);
  const state = useLoad(async () => {
    const page = must(
      await api.GET('/v1/schools/{schoolId}/pupils/{pupilId}/access-log', {
        params: { path: { schoolId, pupilId }, query: { limit: 20, ...(cursor ? { cursor } : {}) } },
      }),
    );
    setPages((p) => [...p, page.items]);
    return page;
  }, [pupilId, cursor]);
  const entries = pages.flat();
  return (
    <>
      <ErrorSummary error={state.error} />
      {entries.length === 0 && state.data ? (
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
      {state.data?.nextCursor && (
        <button type="button" className="button secondary" onClick={() => setCursor(state.data!.nextCursor!)}>
          Show earlier reads
        </button>
      )}
    </>
  );
}
