import { renderToStaticMarkup } from 'react-dom/server';
import { afterEach, describe, expect, it } from 'vitest';
import { formatTime } from '../format/format-time.ts';
import { activateLocaleFile } from '../i18n/locale-messages.ts';
import { setMessageLookup } from '../i18n/t.ts';
import { DiscardedFlowsNote } from './discarded-flows-note.tsx';

const AT = '2026-03-02T10:04:00.000Z';

afterEach(() => {
  setMessageLookup(undefined);
});

describe('DiscardedFlowsNote', () => {
  it('renders nothing when no stored flow was removed', () => {
    activateLocaleFile('en');
    expect(renderToStaticMarkup(<DiscardedFlowsNote discarded={undefined} />)).toBe('');
    expect(renderToStaticMarkup(<DiscardedFlowsNote discarded={{ count: 0, at: AT }} />)).toBe('');
  });

  it('says in words that one captured sign-in could not be read and was removed, with the time', () => {
    activateLocaleFile('en');
    const html = renderToStaticMarkup(<DiscardedFlowsNote discarded={{ count: 1, at: AT }} />);
    expect(html).toContain(`1 captured sign-in attempt could not be read and was removed (${formatTime(AT)}).`);
  });

  it('counts several removed sign-ins in the plural', () => {
    activateLocaleFile('en');
    const html = renderToStaticMarkup(<DiscardedFlowsNote discarded={{ count: 3, at: AT }} />);
    expect(html).toContain(`3 captured sign-in attempts could not be read and were removed (latest ${formatTime(AT)}).`);
  });

  it('speaks Danish when the Danish locale is active', () => {
    activateLocaleFile('da');
    const html = renderToStaticMarkup(<DiscardedFlowsNote discarded={{ count: 2, at: AT }} />);
    expect(html).toContain('2 opsamlede loginforsøg kunne ikke læses og blev fjernet');
  });

  it('is a quiet paragraph screen readers reach in reading order, not an alert or a focus stop', () => {
    activateLocaleFile('en');
    const html = renderToStaticMarkup(<DiscardedFlowsNote discarded={{ count: 1, at: AT }} />);
    expect(html).toMatch(/^<p class="callout callout--info discarded-note"[^>]*>[^<]+<\/p>$/);
    expect(html).not.toMatch(/role=|aria-live|tabindex|callout--error|callout--warning/);
  });
});
