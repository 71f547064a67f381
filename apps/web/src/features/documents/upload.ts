import { ProblemError, sessionHeaders, type Schemas } from '../../api/client';

/**
 * Uploads one file to a pupil's record and reports its progress (fetch cannot report upload progress, so this
 * one request is an XMLHttpRequest with the session's header). A refusal is the API's problem+json, as a
 * ProblemError, so the error summary names the field like any other form.
 */
export async function uploadDocument(schoolId: string, pupilId: string, file: File, onProgress: (fraction: number) => void): Promise<Schemas['DocumentDto']> {
  const headers = await sessionHeaders();
  const form = new FormData();
  form.append('file', file);
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', `/v1/schools/${encodeURIComponent(schoolId)}/pupils/${encodeURIComponent(pupilId)}/documents`);
    for (const [name, value] of Object.entries(headers)) xhr.setRequestHeader(name, value);
    xhr.upload.onprogress = (e) => {
      if (e.lengthComputable) onProgress(e.loaded / e.total);
    };
    xhr.onload = () => {
      const body = parse(xhr.responseText);
      if (xhr.status === 201) resolve(body as Schemas['DocumentDto']);
      else {
        const problem = (body ?? {}) as ConstructorParameters<typeof ProblemError>[1];
        // The summary names the file, so a parent uploading several knows which one was refused.
        reject(new ProblemError(xhr.status, { ...problem, detail: `${file.name}: ${problem.detail ?? problem.title ?? 'the upload was refused'}` }));
      }
    };
    xhr.onerror = () => reject(new Error('The upload did not reach the school. Check your connection and try again.'));
    xhr.send(form);
  });
}

function parse(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return null;
  }
}
