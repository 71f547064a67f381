import { escapeHtml } from '#libs/documents';
import { isWebUrl, line, lines, para, TEXT_WIDTH, type Block, type Message } from './blocks.js';
import { ehcRequestClock } from './ehc-request-clock.js';
import { planAgreed, reviewDue, reviewOverdue, reviewSummary, senSupportEnded, senSupportStarted } from './letters.js';
import type { Branding, MessageInput, RenderedMessage } from './message.types.js';
import { ehcReviewMessage } from './ehc-letters.js';
import { accountMessage } from './account.js';

function compose(input: MessageInput, b: Branding): Message {
  switch (input.kind) {
    case 'sen_support_started':
      return senSupportStarted(input, b);
    case 'sen_support_ended':
      return senSupportEnded(input, b);
    case 'plan_agreed':
      return planAgreed(input, b);
    case 'review_due':
      return reviewDue(input, b);
    case 'review_overdue':
      return reviewOverdue(input);
    case 'ehc_request_clock':
      return ehcRequestClock(input);
    case 'review_summary':
      return reviewSummary(input, b);
    case 'ehc_review_invitation':
    case 'ehc_review_advice':
    case 'ehc_review_report':
    case 'ehc_review_deadline':
      return ehcReviewMessage(input, b);
    case 'password_reset':
    case 'invitation':
    case 'email_verification':
    case 'email_changed':
    case 'password_changed':
      return accountMessage(input, line(b.schoolName));
    default: {
      const unknown: never = input;
      throw new Error(`no template for message kind ${JSON.stringify((unknown as { kind?: unknown }).kind)}`);
    }
  }
}

// ---------------------------------------------------------------------------------------------------------
// Plain text

/** Words filled into lines of at most `width` characters; a longer word (a URL) has a line to itself. */
function wrap(text: string, first = '', rest = first, width = TEXT_WIDTH): string[] {
  const out: string[] = [];
  let current = first;
  let empty = true;
  for (const word of text.split(' ').filter((w) => w !== '')) {
    if (!empty && current.length + 1 + word.length > width) {
      out.push(current);
      current = rest + word;
    } else {
      current = empty ? current + word : `${current} ${word}`;
    }
    empty = false;
  }
  out.push(current);
  return out;
}

function textBlock(block: Block): string {
  switch (block.kind) {
    case 'heading':
      return `${block.text}\n${'-'.repeat(Math.min(block.text.length, TEXT_WIDTH))}`;
    case 'para':
      return block.lines.flatMap((l) => wrap(l)).join('\n');
    case 'list':
      return block.items
        .map((item) => {
          const out = item.lines.flatMap((l, i) => wrap(l, i === 0 ? '- ' : '  ', '  '));
          if (item.url) out.push(`  ${item.url}`);
          return out.join('\n');
        })
        .join('\n');
    case 'link':
      return [...wrap(block.label), block.url].join('\n');
  }
}

// ---------------------------------------------------------------------------------------------------------
// HTML

/** A link when the URL is http(s), else the URL as escaped text. */
function urlHtml(url: string): string {
  const safe = escapeHtml(url);
  return isWebUrl(url) ? `<a href="${safe}">${safe}</a>` : safe;
}

function htmlBlock(block: Block): string {
  switch (block.kind) {
    case 'heading':
      return `<h2>${escapeHtml(block.text)}</h2>`;
    case 'para':
      return `<p>${block.lines.map(escapeHtml).join('<br>\n')}</p>`;
    case 'list': {
      const items = block.items.map((item) => {
        const body = item.lines.map(escapeHtml).join('<br>\n');
        return `<li>${body}${item.url ? ` ${urlHtml(item.url)}` : ''}</li>`;
      });
      return `<ul>\n${items.join('\n')}\n</ul>`;
    }
    case 'link':
      return `<p>${escapeHtml(block.label)}<br>\n${urlHtml(block.url)}</p>`;
  }
}

// ---------------------------------------------------------------------------------------------------------

/**
 * A message's subject, plain-text body and HTML body, in plain English for parents (or staff, for the staff
 * reminders). Dates are ISO `YYYY-MM-DD` and shown as "3 March 2026". The subject is one line, safe to use
 * as an email header.
 */
export function renderMessage(input: MessageInput, branding: Branding): RenderedMessage {
  const message = compose(input, branding);
  const subject = line(message.subject);
  const school = line(branding.schoolName);

  const recipient = line(input.greeting.recipientName);
  const greeting =
    message.signOff === 'account' && !recipient
      ? para('Hello,')
      : para(`Dear ${recipient || (message.signOff === 'automatic' ? 'colleague' : 'parent or carer')},`);

  let signOff: Block;
  if (message.signOff === 'signature') {
    // The signature, then the school's name unless the signature already gives it.
    const signed = lines(branding.signature);
    if (school && !signed.some((l) => l.toLowerCase().includes(school.toLowerCase()))) signed.push(school);
    signOff = { kind: 'para', lines: ['Best wishes,', ...(signed.length > 0 ? signed : ['The school'])] };
  } else if (message.signOff === 'account') {
    // An email from no school (a platform admin's reset) names none.
    signOff = para(school ? `This email was sent by SEN Manager for ${school}.` : 'This email was sent by SEN Manager.');
  } else {
    signOff = para(`This is an automatic reminder from ${school || 'the school'}'s SEN records.`);
  }

  const blocks = [greeting, ...message.blocks, signOff];

  const text = [`${subject}\n${'='.repeat(Math.min(subject.length, TEXT_WIDTH))}`, ...blocks.map(textBlock)].join('\n\n') + '\n';

  const logoUrl = line(branding.logoUrl);
  const logo = isWebUrl(logoUrl, true) ? `<p><img src="${escapeHtml(logoUrl)}" alt="${escapeHtml(school)}" height="60"></p>\n` : '';
  const html =
    '<!DOCTYPE html>\n' +
    '<html lang="en-GB">\n' +
    '<head>\n' +
    '<meta charset="utf-8">\n' +
    '<meta name="viewport" content="width=device-width, initial-scale=1">\n' +
    `<title>${escapeHtml(subject)}</title>\n` +
    '</head>\n' +
    '<body>\n' +
    logo +
    `<h1>${escapeHtml(subject)}</h1>\n` +
    blocks.map(htmlBlock).join('\n') +
    '\n</body>\n' +
    '</html>\n';

  return { subject, text, html };
}
