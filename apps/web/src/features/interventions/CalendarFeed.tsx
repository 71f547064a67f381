import { useState } from 'react';
import { $api } from '../../api/query';
import { errorOf } from '../../forms/problem-fields';
import { ErrorSummary, Field, Page } from '../../ui';

/**
 * A member of staff's private calendar link (their sessions as an iCalendar feed). The API keeps only a hash
 * of it, so the page cannot show the current link again: it makes a new one (which stops the old one) to copy,
 * or turns the feed off.
 */
export function CalendarFeedPage({ params }: { params: Record<string, string> }) {
  const schoolId = params.schoolId ?? '';
  const [copied, setCopied] = useState(false);
  const create = $api.useMutation('post', '/v1/schools/{schoolId}/calendar-feed', { onSuccess: () => setCopied(false) });
  const remove = $api.useMutation('delete', '/v1/schools/{schoolId}/calendar-feed', { onSuccess: () => create.reset() });
  const path = { params: { path: { schoolId } } };
  const copy = (url: string) =>
    void navigator.clipboard.writeText(url).then(
      () => setCopied(true),
      () => setCopied(false),
    );
  return (
    <Page title="Your calendar link">
      <p>
        Subscribe to this private link in your calendar app (Outlook, Google or Apple Calendar) to see your intervention sessions there. Anyone with the link
        can read your timetable, so keep it to yourself.
      </p>
      <ErrorSummary error={errorOf(create.error ?? remove.error)} />
      {create.data ? (
        <>
          <Field label="Your private calendar link" hint="Select it, or use the copy button">
            {(id, describedBy) => <input id={id} type="text" readOnly value={create.data.url} aria-describedby={describedBy} />}
          </Field>
          <p>
            <button type="button" className="button" onClick={() => copy(create.data.url)}>
              Copy the link
            </button>
          </p>
          {copied && <p role="status">Copied.</p>}
        </>
      ) : (
        remove.isSuccess && <p role="status">Your calendar link is turned off. No link works until you make a new one.</p>
      )}
      <p>
        <button type="button" className={create.data ? 'button secondary' : 'button'} disabled={create.isPending} onClick={() => create.mutate(path)}>
          {create.data ? 'Reset the link (the one above stops working)' : 'Make my calendar link (any earlier link stops working)'}
        </button>{' '}
        <button type="button" className="button secondary" disabled={remove.isPending} onClick={() => remove.mutate(path)}>
          Turn off my calendar link
        </button>
      </p>
    </Page>
  );
}
