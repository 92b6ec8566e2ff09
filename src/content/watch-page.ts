import { classifyHopUrl } from '../core/flow/classify-hop-url.ts';
import { classifyPageText } from '../core/flow/classify-page-text.ts';
import type { PageReading } from '../core/flow/flow.ts';

export interface PageWatchOptions {
  readonly debounceMs: number;
  /** Stop looking for late-rendered error text after this long. */
  readonly watchForMs: number;
  /** Pages with more text than this are application pages, not error pages: not read. */
  readonly maxTextContent: number;
}

const DEFAULTS: PageWatchOptions = { debounceMs: 400, watchForMs: 60_000, maxTextContent: 200_000 };

/**
 * Reads the page once it is idle and, on pages of the SSO chain, again when it changes (single-page
 * error screens such as Connect's render late). Only when `classifyPageText` recognises the text is
 * `report` called, with the classified reading, never the page. Ordinary Salesforce pages are read
 * once and not watched: the Lightning console changes all the time.
 */
export function watchPage(report: (url: string, reading: PageReading) => void, options: PageWatchOptions = DEFAULTS): void {
  let lastSent = '';
  let timer: ReturnType<typeof setTimeout> | undefined;
  const observer = new MutationObserver(() => {
    timer ??= setTimeout(read, options.debounceMs);
  });

  const read = (): void => {
    timer = undefined;
    const body = document.body as HTMLElement | null; // -- reason: body is null in frameset and pre-body documents
    if (body === null || body.textContent.length > options.maxTextContent) return;
    const reading = classifyPageText({ url: location.href, title: document.title, text: body.innerText });
    if (reading === undefined) return;
    const key = `${reading.classification}\n${reading.excerpt}`;
    if (key === lastSent) return;
    lastSent = key;
    report(location.href, reading);
    if (reading.classification !== 'aws-role-selection') observer.disconnect();
  };

  read();
  if (classifyHopUrl(location.href) === 'salesforce-other' || lastSent !== '') return;
  observer.observe(document.documentElement, { childList: true, subtree: true, characterData: true });
  setTimeout(() => {
    observer.disconnect();
  }, options.watchForMs);
}
