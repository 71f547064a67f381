/**
 * A stand-in for the API in component tests: each test sets `fakeApi.handle` to answer a request (method,
 * path and JSON body) and reads `fakeApi.requests` for what the page sent. The typed client takes `fetch` when
 * it is created, so a test file imports this module before any page.
 */
export const fakeApi = {
  requests: [] as { method: string; path: string; body: unknown }[],
  handle: (_method: string, _path: string, _body: unknown): [number, unknown] => [404, {}],
  reset(handle: (method: string, path: string, body: unknown) => [number, unknown]) {
    this.requests = [];
    this.handle = handle;
  },
};

globalThis.fetch = async (input: RequestInfo | URL, init?: RequestInit) => {
  const request = input instanceof Request ? input : new Request(input, init);
  const text = request.method === 'GET' ? '' : await request.text();
  const body: unknown = text ? JSON.parse(text) : undefined;
  const path = new URL(request.url).pathname;
  fakeApi.requests.push({ method: request.method, path, body });
  const [status, answer] = fakeApi.handle(request.method, path, body);
  const type = status >= 400 ? 'application/problem+json' : 'application/json';
  return new Response(status === 204 ? null : JSON.stringify(answer), { status, headers: { 'content-type': type } });
};
