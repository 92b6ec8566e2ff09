import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { digestText } from './digest-text.ts';

const sha256 = (text: string) => createHash('sha256').update(text, 'utf8').digest('hex');
const hex = (buffer: ArrayBuffer) => Buffer.from(buffer).toString('hex');

describe('digestText', () => {
  it('hashes the UTF-8 bytes of any text, including characters that take several bytes', async () => {
    await fc.assert(
      fc.asyncProperty(fc.string({ unit: 'grapheme', maxLength: 300 }), async (text) => {
        expect(hex(await digestText('SHA-256', text))).toBe(sha256(text));
      }),
    );
  });

  it('gives each of many concurrent digests its own bytes (reused buffers are never shared while in use)', async () => {
    const texts = Array.from({ length: 12 }, (_, index) => `<saml:Assertion ID="_${String(index)}">${'é'.repeat(index * 700)}</saml:Assertion>`);
    const digests = await Promise.all(texts.map((text) => digestText('SHA-256', text)));
    expect(digests.map(hex)).toEqual(texts.map(sha256));
  });

  it('hashes a text larger than any kept buffer', async () => {
    const text = `<a>${'x'.repeat(300 * 1024)}</a>`;
    expect(hex(await digestText('SHA-256', text))).toBe(sha256(text));
    expect(hex(await digestText('SHA-256', 'short'))).toBe(sha256('short'));
  });
});
