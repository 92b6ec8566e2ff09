export interface HtmlText {
  readonly title: string | undefined;
  readonly text: string;
}

/** Elements whose content is never shown as text. */
const HIDDEN_ELEMENTS = new Set(['script', 'style', 'noscript', 'template', 'svg']);
/** Elements that start a new line in rendered text (so headings stay separate sentences). */
const BLOCK_ELEMENTS = new Set([
  'address', 'article', 'aside', 'blockquote', 'br', 'dd', 'div', 'dl', 'dt', 'fieldset', 'figcaption', 'figure', 'footer', 'form',
  'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'header', 'hr', 'label', 'legend', 'li', 'main', 'nav', 'ol', 'option', 'p', 'pre', 'section',
  'table', 'td', 'th', 'tr', 'ul', 'title', 'button',
]);

const NAMED_ENTITIES: Readonly<Record<string, string>> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ', rsquo: '\u2019', lsquo: '\u2018', ldquo: '\u201C', rdquo: '\u201D', ndash: '\u2013', mdash: '\u2014', hellip: '\u2026' };

/**
 * A rough `innerText` for a saved HTML response (HAR content), enough for `classifyPageText`:
 * drops tags, comments and hidden elements, keeps line breaks at block boundaries, decodes
 * entities. One forward pass with `indexOf`, so hostile markup (unclosed tags) stays linear.
 */
export function htmlToText(html: string, maxChars = 512 * 1024): HtmlText {
  const source = html.length > maxChars ? html.slice(0, maxChars) : html;
  const parts: string[] = [];
  let title: string | undefined;
  let at = 0;
  while (at < source.length) {
    const lt = source.indexOf('<', at);
    if (lt < 0) {
      parts.push(source.slice(at));
      break;
    }
    if (lt > at) parts.push(source.slice(at, lt));
    if (source.startsWith('<!--', lt)) {
      const close = source.indexOf('-->', lt + 4);
      if (close < 0) break;
      at = close + 3;
      continue;
    }
    const gt = source.indexOf('>', lt + 1);
    if (gt < 0) break;
    const name = /^\/?([a-zA-Z][a-zA-Z0-9-]*)/.exec(source.slice(lt + 1, Math.min(gt, lt + 40)))?.[1]?.toLowerCase();
    const closing = source[lt + 1] === '/';
    at = gt + 1;
    if (name === undefined) continue;
    if (!closing && (name === 'title' || HIDDEN_ELEMENTS.has(name)) && source[gt - 1] !== '/') {
      const end = indexOfIgnoreCase(source, `</${name}`, at);
      const inner = source.slice(at, end < 0 ? source.length : end);
      if (name === 'title' && title === undefined) title = collapse(decodeEntities(inner)).trim();
      if (end < 0) break;
      const endGt = source.indexOf('>', end);
      at = endGt < 0 ? source.length : endGt + 1;
      continue;
    }
    // Inline elements add nothing, as in innerText: "<b>denied</b>," stays "denied,".
    if (BLOCK_ELEMENTS.has(name)) parts.push('\n');
  }
  const text = decodeEntities(parts.join(''))
    .split('\n')
    .map((line) => collapse(line).trim())
    .filter((line) => line !== '')
    .join('\n');
  return { title: title === '' ? undefined : title, text };
}

function indexOfIgnoreCase(text: string, needle: string, from: number): number {
  const lowerNeedle = needle.toLowerCase();
  let at = from;
  while (at < text.length) {
    const found = text.indexOf('</', at);
    if (found < 0) return -1;
    if (text.slice(found, found + lowerNeedle.length).toLowerCase() === lowerNeedle) return found;
    at = found + 2;
  }
  return -1;
}

function collapse(text: string): string {
  return text.replace(/[^\S\n]+/g, ' ');
}

function decodeEntities(text: string): string {
  return text.replace(/&(#[0-9]{1,7}|#x[0-9a-fA-F]{1,6}|[a-zA-Z]{2,8});/g, (whole, body: string) => {
    if (body.startsWith('#')) {
      const code = body[1] === 'x' || body[1] === 'X' ? Number.parseInt(body.slice(2), 16) : Number.parseInt(body.slice(1), 10);
      return Number.isInteger(code) && code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : whole;
    }
    return NAMED_ENTITIES[body.toLowerCase()] ?? whole;
  });
}
