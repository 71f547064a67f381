import type { Readable } from 'node:stream';
import { StreamableFile } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { contentDisposition, type PupilDocument } from '#libs/attachments';

/**
 * A document's content as the API serves it, to staff, parents and professionals alike: never rendered from the
 * API's origin. An attachment, its sniffed type, no sniffing, no caching, and a sandbox should a browser show it
 * anyway.
 */
export function documentDownload(reply: FastifyReply, doc: PupilDocument, body: Readable): StreamableFile {
  void reply
    .header('content-type', doc.mediaType)
    .header('content-disposition', contentDisposition(doc.filename))
    .header('content-length', String(doc.size))
    .header('cache-control', 'no-store')
    .header('x-content-type-options', 'nosniff')
    .header('content-security-policy', "default-src 'none'; sandbox");
  return new StreamableFile(body);
}
