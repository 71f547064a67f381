import { api, must } from '../api/client';
import { longDate } from '../labels';
import { Loading, Page, useLoad } from '../ui';

export function Inbox({ params }: { params: Record<string, string> }) {
  const schoolId = params.schoolId;
  const state = useLoad(async () => must(await api.GET('/v1/schools/{schoolId}/inbox', { params: { path: { schoolId } } })), [schoolId]);
  const markRead = async (messageId: string) => {
    await api.POST('/v1/schools/{schoolId}/inbox/{messageId}/read', { params: { path: { schoolId, messageId } } });
    state.reload();
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
