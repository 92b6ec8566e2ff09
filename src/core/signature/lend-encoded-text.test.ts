import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { lendEncodedText } from './lend-encoded-text.ts';

describe('lendEncodedText', () => {
  it('holds the UTF-8 bytes of any text', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 200 }), (text) => {
        const lent = lendEncodedText(text);
        expect(Buffer.from(lent.bytes).equals(Buffer.from(text, 'utf8'))).toBe(true);
        lent.release();
      }),
    );
  });

  it('never lends a buffer that is still out, and lends a returned one again', () => {
    const first = lendEncodedText('<ds:SignedInfo/>');
    const second = lendEncodedText('<ds:SignedInfo>other</ds:SignedInfo>');
    expect(second.bytes.buffer).not.toBe(first.bytes.buffer);
    expect(new TextDecoder().decode(first.bytes)).toBe('<ds:SignedInfo/>');
    second.release();
    first.release();
    first.release(); // releasing twice must not put the buffer in the pool twice
    const third = lendEncodedText('x');
    const fourth = lendEncodedText('y');
    expect(third.bytes.buffer).not.toBe(fourth.bytes.buffer);
  });
});
