import { describe, expect, it } from 'vitest';
import { htmlToText } from './html-to-text.ts';

describe('htmlToText', () => {
  it('returns the title and the visible text with block elements on their own lines', () => {
    const html = '<!doctype html><html><head><title> Insufficient  Privileges </title><meta charset="utf-8"></head><body><h2>Insufficient Privileges</h2><p>You do not have the level of access necessary.</p></body></html>';
    expect(htmlToText(html)).toEqual({ title: 'Insufficient Privileges', text: 'Insufficient Privileges\nYou do not have the level of access necessary.' });
  });

  it('drops scripts, styles, noscript blocks, comments and hidden field values', () => {
    const html = '<style>p{color:red}</style><script>var msg = "Response signature invalid";</script><!-- Session Expired --><noscript>Enable JavaScript</noscript><form><input type="hidden" name="SAMLResponse" value="PHNhbWw="></form><p>Working</p>';
    expect(htmlToText(html).text).toBe('Working');
  });

  it('decodes named and numeric entities', () => {
    expect(htmlToText('<p>doesn&rsquo;t &amp; &#39;x&#39; &#x2F; &nbsp;y &bogus;</p>').text).toBe('doesn\u2019t & \'x\' / y &bogus;');
  });

  it('adds nothing for inline tags, as innerText does', () => {
    expect(htmlToText('<p>Access <b>denied</b>, please</p>').text).toBe('Access denied, please');
  });

  it('finds a closing tag regardless of letter case', () => {
    expect(htmlToText('<SCRIPT>hidden</SCRIPT><P>shown</P>').text).toBe('shown');
  });

  it('stops at an unclosed script instead of scanning for ever', () => {
    const html = `<p>before</p>${'<script>'.repeat(50_000)}`;
    const started = performance.now();
    expect(htmlToText(html).text).toBe('before');
    expect(performance.now() - started).toBeLessThan(2_000);
  });

  it('reads only the first maxChars characters', () => {
    expect(htmlToText(`<p>${'a'.repeat(100)}</p><p>tail</p>`, 50).text).toBe('a'.repeat(47));
  });

  it('returns no title for a page without one', () => {
    expect(htmlToText('<p>x</p>').title).toBeUndefined();
  });
});
