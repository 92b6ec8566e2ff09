import { deflateRawSync } from 'node:zlib';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeSamlValue, type SamlValueDecoding } from './decode-saml-value.ts';

const XML = '<samlp:Response xmlns:samlp="urn:oasis:names:tc:SAML:2.0:protocol" ID="_1"/>';
const base64 = (text: string | Uint8Array) => Buffer.from(text).toString('base64');
const codes = (result: SamlValueDecoding) => result.problems.map((p) => p.code);

describe('decodeSamlValue', () => {
  it('decodes a plain HTTP-POST base64 value', () => {
    const result = decodeSamlValue(base64(XML));
    expect(result.ok && result.binding).toBe('post');
    expect(result.ok && result.xml).toBe(XML);
    expect(codes(result)).toEqual([]);
  });

  it('keeps the exact decoded bytes for signature work', () => {
    const bytes = Buffer.from(`<?xml version="1.0"?>\r\n${XML}`);
    const result = decodeSamlValue(bytes.toString('base64'));
    expect(result.ok && Buffer.from(result.bytes).equals(bytes)).toBe(true);
  });

  it('tolerates line breaks and reports them', () => {
    const wrapped = base64(XML).replace(/(.{20})/g, '$1\r\n');
    const result = decodeSamlValue(wrapped);
    expect(result.ok && result.xml).toBe(XML);
    expect(codes(result)).toContain('base64-whitespace');
  });

  it('repairs missing padding and says so', () => {
    const unpadded = base64(`${XML} `).replace(/=+$/, '');
    const result = decodeSamlValue(unpadded);
    expect(result.ok).toBe(true);
    expect(codes(result)).toContain('base64-padding');
  });

  it('accepts the URL-safe alphabet with a warning', () => {
    const urlSafe = Buffer.from(`${XML}??>>`).toString('base64url');
    const result = decodeSamlValue(urlSafe);
    expect(result.ok && result.xml).toBe(`${XML}??>>`);
    expect(codes(result)).toContain('base64-urlsafe');
  });

  it('URL-decodes a value copied from a form body or a HAR file first', () => {
    const result = decodeSamlValue(encodeURIComponent(base64(`${XML}>>>?`)));
    expect(result.ok && result.xml).toBe(`${XML}>>>?`);
    expect(codes(result)).toContain('url-encoded');
  });

  it('inflates an HTTP-Redirect (raw DEFLATE) value', () => {
    const result = decodeSamlValue(base64(deflateRawSync(XML)));
    expect(result.ok && result.binding).toBe('redirect');
    expect(result.ok && result.xml).toBe(XML);
  });

  it('accepts raw XML as is', () => {
    const result = decodeSamlValue(`  ${XML}\n`);
    expect(result.ok && result.binding).toBe('raw-xml');
  });

  it('names the first offending character of a value that is not base64', () => {
    const result = decodeSamlValue('PHNhbWxwOlJlc3BvbnNl!IHhtbG5z');
    expect(result.ok).toBe(false);
    expect(result.problems.at(-1)?.message).toMatch(/character 21 is "!"/);
  });

  it('refuses a truncated base64 value with an impossible length', () => {
    const result = decodeSamlValue(base64(XML).replace(/=+$/, '').slice(0, -2) + 'A');
    expect(codes(result).at(-1)).toBe('base64-invalid');
  });

  it('says when base64 decodes to something that is not XML', () => {
    const result = decodeSamlValue(base64(new Uint8Array([0x89, 0x50, 0x4e, 0x47, 1, 2, 3, 4, 5])));
    expect(result.ok).toBe(false);
    expect(codes(result).at(-1)).toBe('not-xml');
  });

  it('stops a decompression bomb at the output cap instead of running out of memory', () => {
    const bomb = deflateRawSync(Buffer.alloc(64 * 1024 * 1024, 0x41));
    const result = decodeSamlValue(base64(bomb));
    expect(result.ok).toBe(false);
    expect(codes(result)).toContain('decompression-bomb');
  });

  it('refuses empty and oversized input with a reason', () => {
    expect(codes(decodeSamlValue('   '))).toEqual(['empty-input']);
    expect(codes(decodeSamlValue('A'.repeat(100), { maxInputChars: 10, maxInflatedBytes: 1, maxInflateRatio: 1 }))).toEqual(['input-too-large']);
  });

  it('honours an ISO-8859-1 encoding declaration', () => {
    const latin1 = Buffer.from('<?xml version="1.0" encoding="ISO-8859-1"?><a>S\xf8ren</a>', 'latin1');
    const result = decodeSamlValue(latin1.toString('base64'));
    expect(result.ok && result.encoding).toBe('ISO-8859-1');
    expect(result.ok && result.xml).toContain('Søren');
  });

  it('reports invalid UTF-8 with the offset of the first bad byte', () => {
    const bad = Buffer.concat([Buffer.from('<a>'), Buffer.from([0xc3, 0x28]), Buffer.from('</a>')]);
    const result = decodeSamlValue(bad.toString('base64'));
    expect(codes(result)).toContain('encoding-invalid-utf8');
    expect(result.problems.find((p) => p.code === 'encoding-invalid-utf8')?.message).toMatch(/offset 3/);
  });

  it('reports and strips a UTF-8 byte order mark', () => {
    const result = decodeSamlValue(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(XML)]).toString('base64'));
    expect(result.ok && result.xml).toBe(XML);
    expect(codes(result)).toContain('utf8-bom');
  });

  it('decodes every well-formed, wrapped or irregular base64 spelling of a message to the same bytes Node decodes', () => {
    // The common case takes a one-pass decoder and the rest a careful normaliser: whichever runs,
    // the bytes and the problems must be those of the value's meaning, not of the path taken.
    fc.assert(
      fc.property(
        fc.string({ unit: 'grapheme', maxLength: 40 }),
        fc.constantFrom('none', 'crlf', 'lf', 'spaces', 'unpadded', 'urlsafe'),
        fc.integer({ min: 1, max: 80 }),
        (text, spelling, width) => {
          const bytes = Buffer.from(`<a>${text}</a>`);
          const standard = bytes.toString('base64');
          const wrap = (separator: string) => standard.replace(new RegExp(`(.{${String(width)}})`, 'g'), `$1${separator}`).trim();
          const value = {
            none: standard,
            crlf: wrap('\r\n'),
            lf: wrap('\n'),
            spaces: wrap(' '),
            unpadded: standard.replace(/=+$/, ''),
            urlsafe: bytes.toString('base64url'),
          }[spelling];
          const result = decodeSamlValue(value);
          expect(result.ok && Buffer.from(result.bytes).equals(bytes)).toBe(true);
          const expected = new Set<string>();
          if (value !== standard && /\s/.test(value)) expected.add('base64-whitespace');
          if (value.length % 4 !== 0 && !/\s/.test(value)) expected.add('base64-padding');
          if (/[-_]/.test(value)) expected.add('base64-urlsafe');
          expect(new Set(codes(result).filter((code) => code.startsWith('base64-')))).toEqual(expected);
        },
      ),
    );
  });

  it('sends padding in the middle and data after the padding to the careful path, which refuses them', () => {
    const standard = base64(`${XML}x`);
    expect(codes(decodeSamlValue(`${standard}QUJD`))).toContain('base64-invalid');
    expect(codes(decodeSamlValue(`${standard}=`))).toContain('base64-padding');
  });

  it('uses the platform\'s Uint8Array.fromBase64 where there is one, and the careful path when it refuses a value', () => {
    const calls: string[] = [];
    const fake = (text: string) => {
      calls.push(text);
      if (!/^[A-Za-z0-9+/]*={0,2}$/.test(text)) throw new SyntaxError('not base64');
      return new Uint8Array(Buffer.from(text, 'base64'));
    };
    Object.defineProperty(Uint8Array, 'fromBase64', { value: fake, configurable: true, writable: true });
    try {
      const value = base64(XML);
      const result = decodeSamlValue(value);
      expect(result.ok && result.xml).toBe(XML);
      expect(calls).toEqual([value]);
      const urlSafe = Buffer.from(`${XML}??>>`).toString('base64url');
      expect(urlSafe).toMatch(/[-_]/);
      expect(decodeSamlValue(`${urlSafe}${'='.repeat((4 - (urlSafe.length % 4)) % 4)}`).ok).toBe(true);
      expect(calls).toHaveLength(2);
    } finally {
      Reflect.deleteProperty(Uint8Array, 'fromBase64');
    }
  });
});
