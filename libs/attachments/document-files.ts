import { fileTypeFromBuffer } from 'file-type';

/** What a school may keep on a record: PDF, photos and scans, Word and OpenDocument text, plain text. */
export const ALLOWED_MEDIA_TYPES = [
  'application/pdf',
  'image/png',
  'image/jpeg',
  'image/gif',
  'image/webp',
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  'application/vnd.oasis.opendocument.text',
  'text/plain',
] as const;

/** Enough of the start of a file for file-type to tell a .docx from any other zip. */
export const SNIFF_BYTES = 256 * 1024;

/**
 * The file's type from its content (file-type's magic numbers), never from its name or the client's header.
 * No magic number and text that decodes as UTF-8 with no control characters but tab and line ends is plain
 * text; anything else unknown is null (refused).
 */
export async function sniffMediaType(head: Buffer): Promise<string | null> {
  const found = await fileTypeFromBuffer(head);
  if (found) return found.mime;
  return looksLikeText(head) ? 'text/plain' : null;
}

function looksLikeText(head: Buffer): boolean {
  if (head.length === 0) return false;
  // The head may end inside a multi-byte character: drop up to three trailing bytes before decoding strictly.
  for (let cut = 0; cut < 4 && cut < head.length; cut++) {
    try {
      const text = new TextDecoder('utf-8', { fatal: true }).decode(head.subarray(0, head.length - cut));
      // eslint-disable-next-line no-control-regex -- control characters are exactly what marks binary content
      return !/[\u0000-\u0008\u000b\u000e-\u001f\u007f]/.test(text);
    } catch {
      continue;
    }
  }
  return false;
}

/** Control characters, and the invisible ones that reorder or hide text (bidi overrides, zero-width). */
// eslint-disable-next-line no-control-regex -- removing control characters is the point
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u200b-\u200f\u202a-\u202e\u2060-\u2069\ufeff]/g;

/** The longest name kept, in characters; longer names are refused, not cut, so nobody is surprised. */
export const MAX_FILENAME = 255;

/**
 * The name to keep: the last path part only (a client may send `..\..\x` or `/etc/passwd`), without control or
 * bidi characters, trimmed. Null when nothing is left.
 */
export function cleanFilename(given: string): string | null {
  const last = given.split(/[/\\]/).pop() ?? '';
  const cleaned = last.normalize('NFC').replace(UNSAFE, '').trim().replace(/^\.+/, '');
  return cleaned.length > 0 ? cleaned : null;
}

/**
 * `attachment` with an ASCII fallback name (anything outside a safe set becomes `_`) and the UTF-8 name in
 * RFC 8187 form, so no quote, semicolon, CR or LF from a name can reach the header.
 */
export function contentDisposition(filename: string): string {
  const ascii = filename.replace(/[^A-Za-z0-9._ ()-]/g, '_').slice(0, 150) || 'document';
  const encoded = encodeURIComponent(filename).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encoded}`;
}
