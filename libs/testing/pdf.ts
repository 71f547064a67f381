import { VerbosityLevel, getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';

/**
 * Opens a PDF with a real parser (PDF.js, as Firefox uses) and returns its page count and the text of all
 * pages in order. Whitespace is normalised to single spaces, so a phrase split over text runs or lines
 * still matches `toContain('a phrase')`, the document's Title metadata, and each page's size in points
 * (as displayed, so a landscape page is wider than it is tall). Rejects when the buffer is not a readable PDF.
 */
export async function pdfText(pdf: Buffer): Promise<{ pages: number; text: string; title: string | null; pageSizes: { width: number; height: number }[] }> {
  const task = getDocument({
    // A copy: PDF.js takes ownership of (detaches) the array it is given, and refuses a Node Buffer.
    data: new Uint8Array(pdf),
    // Text only: no fonts loaded into a renderer, no system fonts, no eval, no console noise.
    disableFontFace: true,
    useSystemFonts: false,
    isEvalSupported: false,
    stopAtErrors: true,
    verbosity: VerbosityLevel.ERRORS,
  });
  try {
    const doc = await task.promise;
    const parts: string[] = [];
    const pageSizes: { width: number; height: number }[] = [];
    for (let n = 1; n <= doc.numPages; n++) {
      const page = await doc.getPage(n);
      const { width, height } = page.getViewport({ scale: 1 });
      pageSizes.push({ width, height });
      const content = await page.getTextContent();
      for (const item of content.items) {
        if ('str' in item) parts.push(item.str, item.hasEOL ? '\n' : ' ');
      }
      parts.push('\n');
      page.cleanup();
    }
    const { info } = await doc.getMetadata();
    const title = (info as { Title?: unknown }).Title;
    return { pages: doc.numPages, text: parts.join('').replace(/\s+/g, ' ').trim(), title: typeof title === 'string' ? title : null, pageSizes };
  } finally {
    await task.destroy();
  }
}
