import { useQueryClient } from '@tanstack/react-query';
import { api } from '../api/client';
import { $api } from '../api/query';
import { longDate } from '../labels';
import { Loading, Page } from '../ui';

export function Inbox({ params }: { params: Record<string, string> }) {
  const schoolId = params.schoolId;
  const state = $api.useQuery('get', '/v1/schools/{schoolId}/inbox', { params: { path: { schoolId } } });
  const queryClient = useQueryClient();
  const markRead = async (messageId: string) => {
    await api.POST('/v1/schools/{schoolId}/inbox/{messageId}/read', { params: { path: { schoolId, messageId } } });
    await queryClient.invalidateQueries({ queryKey: ['get', '/v1/schools/{schoolId}/inbox'] });
  };
  return (
    <Page title="Messages">
      <Loading state={state}>
        {(messages) =>
          messages.length === 0 ? (
            <p>You have no messages.</p>
          ) : (
            <ul className="messages">
              {messages.map((m) => (
                <li key={m.id} className={m.readAt ? 'message' : 'message unread'}>
                  <details onToggle={(e) => e.currentTarget.open && !m.readAt && void markRead(m.id)}>
                    <summary>
                      {!m.readAt && <span className="tag tag-blue">New</span>} <span className="message-subject">{m.subject}</span>{' '}
                      <span className="hint">{longDate(m.createdAt)}</span>
                    </summary>
                    <div className="message-body">{m.body}</div>
                  </details>
                </li>
              ))}
            </ul>
          )
        }
      </Loading>
    </Page>
  );
}
