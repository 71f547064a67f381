import { ProblemError, api, must, sessionHeaders, type Schemas } from '../../api/client';

export type Report = Schemas['OapImportReportDto'];
export type FrameworkRow = Schemas['OapFrameworkListItemDto'];
/** Who imports: the platform admin (any LA), or a trust lead for the trust's own schools. */
export type Target = { kind: 'admin' } | { kind: 'trust'; trustId: string };
/** A CSV file holds only the expectations; the framework's own fields come from the form. */
export interface CsvHeader {
  laCode: string;
  name: string;
  version: string;
  effectiveFrom: string;
  source: string;
  scale: string;
}
export type FrameworkFile = { kind: 'json'; name: string; body: Schemas['OapFrameworkFileDto'] } | { kind: 'csv'; name: string; text: string };

const path = (target: Target) => (target.kind === 'admin' ? '/v1/admin/oap-frameworks' : `/v1/trusts/${encodeURIComponent(target.trustId)}/oap-frameworks`);

export async function listFrameworks(target: Target): Promise<FrameworkRow[]> {
  return target.kind === 'admin'
    ? must(await api.GET('/v1/admin/oap-frameworks'))
    : must(await api.GET('/v1/trusts/{trustId}/oap-frameworks', { params: { path: { trustId: target.trustId } } }));
}

/** Checks (commit false) or imports a file. JSON goes through the typed client; CSV is sent as text/csv. */
export async function sendFramework(target: Target, file: FrameworkFile, header: CsvHeader, commit: boolean): Promise<Report> {
  if (file.kind === 'json') {
    return target.kind === 'admin'
      ? must(await api.POST('/v1/admin/oap-frameworks', { params: { query: { commit } }, body: file.body }))
      : must(await api.POST('/v1/trusts/{trustId}/oap-frameworks', { params: { path: { trustId: target.trustId }, query: { commit } }, body: file.body }));
  }
  const query = new URLSearchParams({ commit: String(commit) });
  for (const key of ['laCode', 'name', 'version', 'effectiveFrom', 'source', 'scale'] as const) {
    const value = header[key].trim();
    if (value !== '') query.set(key, value);
  }
  const res = await fetch(`${path(target)}?${query.toString()}`, {
    method: 'POST',
    credentials: 'same-origin',
    headers: { ...(await sessionHeaders()), 'content-type': 'text/csv' },
    body: file.text,
  });
  const body: unknown = await res.json().catch(() => ({}));
  if (!res.ok) throw new ProblemError(res.status, typeof body === 'object' && body !== null ? body : {});
  return body as Report;
}
