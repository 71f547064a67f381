import { useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { api, must, type Schemas } from '../../api/client';
import { $api } from '../../api/query';
import { longDate } from '../../labels';
import { DataTable, ErrorSummary, Field, Loading, Tag, downloadBlob, useAction } from '../../ui';
import { CONTEXT, STATUS, UPLOADED_BY, kindsLabel, sizeLabel } from './labels';
import { uploadDocument } from './upload';

export type DocumentsViewer = 'senco' | 'head' | 'teacher' | 'parent';
type Doc = Schemas['DocumentDto'];

/** The staff member's part on the pupil page: the SENCO manages, the head uploads, a teacher reads. */
export const documentsViewer = (roles: string[]): DocumentsViewer => (roles.includes('senco') ? 'senco' : roles.includes('head') ? 'head' : 'teacher');
/** How often the list asks again while a file waits for its virus check. */
const POLL_MS = 3000;

/**
 * The documents on a pupil's record (docs/web.md, Documents): the list with each file's check in words, a
 * download for files that passed it, and for the SENCO who sees each one (confidential, shared with parents)
 * and delete. The SENCO, the head and a parent upload, with progress; a teacher reads.
 */
export function Documents({ schoolId, pupilId, viewer }: { schoolId: string; pupilId: string; viewer: DocumentsViewer }) {
  const path = { schoolId, pupilId };
  // While a file is still being checked, the list is asked again every POLL_MS until it is done.
  const docs = $api.useQuery(
    'get',
    '/v1/schools/{schoolId}/pupils/{pupilId}/documents',
    { params: { path, query: {} } },
    { refetchInterval: (query) => (query.state.data?.some((d) => d.status === 'pending') ? POLL_MS : false) },
  );
  const queryClient = useQueryClient();
  const refresh = () => void queryClient.invalidateQueries({ queryKey: ['get', '/v1/schools/{schoolId}/pupils/{pupilId}/documents'] });
  return (
    <>
      <Loading state={docs}>{(list) => <DocumentList schoolId={schoolId} docs={list} viewer={viewer} onChanged={refresh} />}</Loading>
      {viewer !== 'teacher' && <UploadForm schoolId={schoolId} pupilId={pupilId} viewer={viewer} onUploaded={refresh} />}
    </>
  );
}

function DocumentList({ schoolId, docs, viewer, onChanged }: { schoolId: string; docs: Doc[]; viewer: DocumentsViewer; onChanged: () => void }) {
  const { busy, error, run } = useAction();
  const [confirming, setConfirming] = useState<string | null>(null);
  if (docs.length === 0) return <p>{viewer === 'parent' ? 'No documents shared with you yet.' : 'No documents on the record yet.'}</p>;
  const download = (d: Doc) =>
    void run(async () => {
      const res = await api.GET('/v1/schools/{schoolId}/documents/{documentId}/content', { params: { path: { schoolId, documentId: d.id } }, parseAs: 'blob' });
      downloadBlob(must(res), d.filename);
    });
  const change = (d: Doc, body: Schemas['DocumentPatchDto']) =>
    void run(async () => {
      must(await api.PATCH('/v1/schools/{schoolId}/documents/{documentId}', { params: { path: { schoolId, documentId: d.id } }, body }));
      onChanged();
    });
  const remove = (d: Doc) =>
    void run(async () => {
      must(await api.DELETE('/v1/schools/{schoolId}/documents/{documentId}', { params: { path: { schoolId, documentId: d.id } } }));
      setConfirming(null);
      onChanged();
    });
  return (
    <>
      <ErrorSummary error={error} />
      <DataTable label="Documents" columns={['Document', 'Check', 'Added', 'Who sees it', '']}>
        {docs.map((d) => (
          <tr key={d.id}>
            <td>
              {d.filename}
              <div className="hint">
                {sizeLabel(d.size)}, from {(UPLOADED_BY[d.uploaderKind] ?? d.uploaderKind).toLowerCase()}
                {d.context ? `, ${CONTEXT[d.context.kind] ?? d.context.kind}` : ''}
              </div>
            </td>
            <td>
              <Tag tone={STATUS[d.status]?.tone}>{STATUS[d.status]?.label ?? d.status}</Tag>
            </td>
            <td>{longDate(d.createdAt)}</td>
            <td>{d.confidential ? <Tag tone="red">Confidential: SENCO and head</Tag> : d.sharedWithParents ? 'Staff and parents' : 'Staff'}</td>
            <td>
              {d.status === 'clean' && (
                <button type="button" className="button secondary" disabled={busy} onClick={() => download(d)}>
                  Download {d.filename}
                </button>
              )}
              {viewer === 'senco' && (
                <>
                  <button type="button" className="button secondary" disabled={busy} onClick={() => change(d, { confidential: !d.confidential })}>
                    {d.confidential ? 'Remove confidential from' : 'Mark confidential'} {d.filename}
                  </button>
                  {!d.confidential && (
                    <button type="button" className="button secondary" disabled={busy} onClick={() => change(d, { sharedWithParents: !d.sharedWithParents })}>
                      {d.sharedWithParents ? 'Stop sharing with parents' : 'Share with parents'} {d.filename}
                    </button>
                  )}
                  {confirming === d.id ? (
                    <button type="button" className="button warning" disabled={busy} onClick={() => remove(d)}>
                      Yes, delete {d.filename}
                    </button>
                  ) : (
                    <button type="button" className="button warning" disabled={busy} onClick={() => setConfirming(d.id)}>
                      Delete {d.filename}
                    </button>
                  )}
                </>
              )}
            </td>
          </tr>
        ))}
      </DataTable>
    </>
  );
}

function UploadForm({ schoolId, pupilId, viewer, onUploaded }: { schoolId: string; pupilId: string; viewer: DocumentsViewer; onUploaded: () => void }) {
  const limits = $api.useQuery('get', '/v1/schools/{schoolId}/document-limits', { params: { path: { schoolId } } });
  const [file, setFile] = useState<File | null>(null);
  const [confidential, setConfidential] = useState(false);
  const [progress, setProgress] = useState<number | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const { busy, error, run } = useAction();
  const submit = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const form = e.currentTarget;
    void run(async () => {
      if (!file) throw new Error('Choose a file to upload.');
      setDone(null);
      setProgress(0);
      try {
        const doc = await uploadDocument(schoolId, pupilId, file, setProgress);
        if (confidential)
          must(
            await api.PATCH('/v1/schools/{schoolId}/documents/{documentId}', { params: { path: { schoolId, documentId: doc.id } }, body: { confidential } }),
          );
        setDone(doc.filename);
        setFile(null);
        form.reset();
        onUploaded();
      } finally {
        setProgress(null);
      }
    });
  };
  return (
    <form onSubmit={submit}>
      <h3>{viewer === 'parent' ? 'Send the school a document' : 'Add a document'}</h3>
      <ErrorSummary error={error} />
      {done && (
        <div className="notice success" role="status">
          {done} is uploaded. It is checked for viruses before anyone can open it.
        </div>
      )}
      <Loading state={limits}>
        {(l) => (
          <Field label="File" hint={`${kindsLabel(l)}; up to ${sizeLabel(l.maxBytes)}.`}>
            {(id, describedBy) => <input id={id} type="file" aria-describedby={describedBy} onChange={(e) => setFile(e.target.files?.[0] ?? null)} />}
          </Field>
        )}
      </Loading>
      {(viewer === 'senco' || viewer === 'head') && (
        <label className="check">
          <input type="checkbox" checked={confidential} onChange={(e) => setConfidential(e.target.checked)} /> Confidential (safeguarding or health): the SENCO
          and head only
        </label>
      )}
      {progress !== null && (
        <p>
          <label>
            Uploading {file?.name}: {Math.round(progress * 100)}% <progress value={progress} max={1} />
          </label>
        </p>
      )}
      <button type="submit" className="button" disabled={busy}>
        Upload
      </button>
    </form>
  );
}
