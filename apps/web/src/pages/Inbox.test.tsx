import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { act, render, screen, waitFor } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import { Inbox } from './Inbox';

// The typed client takes the global fetch when it is created, so the stub is in place before any import runs.
const fetchMock = vi.hoisted(() => {
  const mock = vi.fn<(request: Request) => Promise<Response>>();
  globalThis.fetch = mock as typeof fetch;
  return mock;
});

const json = (body: unknown) => new Response(JSON.stringify(body), { status: 200, headers: { 'content-type': 'application/json' } });

describe('Inbox on TanStack Query', () => {
  it('marks a message read and refreshes the list by invalidating its query', async () => {
    let readAt: string | null = null;
    const calls: string[] = [];
    fetchMock.mockImplementation((request: Request) => {
      const { pathname } = new URL(request.url);
      calls.push(`${request.method} ${pathname}`);
      if (request.method === 'POST') {
        readAt = '2026-12-05T09:00:00.000Z';
        return Promise.resolve(new Response(null, { status: 204 }));
      }
      return Promise.resolve(json([{ id: 'm1', subject: 'Review booked', body: 'See you on Friday', createdAt: '2026-12-04T09:00:00.000Z', readAt }]));
    });
    const client = new QueryClient({ defaultOptions: { queries: { retry: false } } });
    render(
      <QueryClientProvider client={client}>
        <Inbox params={{ schoolId: 's1' }} />
      </QueryClientProvider>,
    );
    expect(screen.getByRole('status').textContent).toBe('Loading…');
    expect(await screen.findByText('New')).toBeTruthy();

    const details = screen.getByText('Review booked').closest('details');
    if (!details) throw new Error('the message is not a details element');
    // Opening the message (jsdom fires its toggle event, as a browser does) marks it read.
    act(() => {
      details.open = true;
    });

    await waitFor(() => expect(screen.queryByText('New')).toBeNull());
    expect(calls).toEqual(['GET /v1/schools/s1/inbox', 'POST /v1/schools/s1/inbox/m1/read', 'GET /v1/schools/s1/inbox']);
  });
});
