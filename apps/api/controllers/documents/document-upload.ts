import { PassThrough, finished, type Readable } from 'node:stream';
import { DomainError, invalid } from '#libs/core';
import type { AppRequest } from '../../http/tenant-request.js';

/** The OpenAPI body of an upload route. */
export const UPLOAD_BODY = {
  description: 'One file in the field "file" (multipart/form-data)',
  schema: { type: 'object' as const, required: ['file'], properties: { file: { type: 'string' as const, format: 'binary' } } },
};

/**
 * The one file of a multipart upload, as a stream (never held whole): refused naming `file` when the body is
 * not multipart or holds no file in that field. The caller checks who may upload before calling this.
 */
export async function uploadedFile(request: AppRequest, maxBytes: number): Promise<{ filename: string; body: Readable }> {
  if (!request.isMultipart())
    throw new DomainError(415, 'unsupported-media-type', 'Send the file as multipart/form-data', [{ field: 'file', message: 'file is required' }]);
  let part;
  try {
    part = await request.file({ limits: { files: 1, fields: 0, fileSize: maxBytes + 1 } });
  } catch {
    throw malformed();
  }
  if (!part || part.fieldname !== 'file') {
    part?.file.resume();
    throw invalid([{ field: 'file', message: 'send one file in the field "file"' }]);
  }
  // A body cut short or badly framed fails while the file streams (or already has, if it all arrived at once):
  // the client's error, named as such. `finished` reports a stream that failed before we listened, too.
  const body = new PassThrough();
  // Observed by the consumer through the stream's failed state (pipeline, for await); no crash if none listens yet.
  body.on('error', () => undefined);
  finished(part.file, (err) => {
    if (err) body.destroy(malformed());
  });
  part.file.pipe(body);
  return { filename: part.filename, body };
}

const malformed = () => invalid([{ field: 'file', message: 'the upload is not well-formed multipart/form-data' }]);
