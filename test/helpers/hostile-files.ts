import fc from 'fast-check';
import { EICAR, PDF } from './documents.js';
import { docx, zip } from './zip.js';

/** One file of a multipart upload as the fuzz sends it: its bytes, its name, and the form field it goes in. */
export interface HostileFile {
  content: Buffer;
  filename: string;
  field: string;
  contentType: string;
}

const bytes = (max: number) => fc.uint8Array({ maxLength: max }).map((b) => Buffer.from(b));

/** What a hostile or careless client uploads: empty, random, disguised, infected, archived. */
const contentArb: fc.Arbitrary<Buffer> = fc.oneof(
  fc.constant(Buffer.alloc(0)),
  bytes(4096),
  fc.constant(PDF),
  bytes(512).map((b) => Buffer.concat([Buffer.from('%PDF-1.7\n'), b])),
  bytes(512).map((b) => Buffer.concat([Buffer.from('MZ'), b])), // an executable, whatever its name says
  fc.constant(Buffer.from(`%PDF-1.4\n${EICAR}\n%%EOF\n`)),
  fc.string({ maxLength: 300 }).map((s) => Buffer.from(s, 'utf8')),
  fc.constant(docx(Buffer.from('<w:document/>'))),
  bytes(256).map((b) => zip([{ name: '../../etc/passwd', content: b }])),
  fc.constant(Buffer.from('text with a \u0000 NUL and \u202e bidi override')),
);

/** Names with path parts, control and bidi characters, quotes, a missing or absurd length. */
const filenameArb: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom('report.pdf', '../../etc/passwd', 'C:\\Windows\\system.ini', '.pdf', 'a"b.pdf', 'evil\u202efdp.exe', 'name\twith\ttabs.txt', ''),
  fc.string({ minLength: 250, maxLength: 320 }).map((s) => `${s}.pdf`),
  fc.string({ maxLength: 40 }),
);

export const hostileFileArb: fc.Arbitrary<HostileFile> = fc.record({
  content: contentArb,
  filename: filenameArb,
  field: fc.oneof({ weight: 5, arbitrary: fc.constant('file') }, { weight: 1, arbitrary: fc.constantFrom('upload', 'files', '') }),
  contentType: fc.constantFrom('application/pdf', 'image/png', 'text/plain', 'application/octet-stream'),
});
