import { webcrypto } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { hmacSha256, sha256, toHex } from './sha256.ts';

const utf8 = (text: string): Uint8Array => new TextEncoder().encode(text);
const fromHex = (hex: string): Uint8Array => Uint8Array.from(hex.match(/../g) ?? [], (pair) => parseInt(pair, 16));

describe('sha256', () => {
  it('hashes the FIPS 180-4 example messages to their published digests', () => {
    expect(toHex(sha256(utf8('abc')))).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
    expect(toHex(sha256(utf8('')))).toBe('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
    expect(toHex(sha256(utf8('abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq')))).toBe('248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1');
  });

  it('agrees with WebCrypto on random inputs around the block boundaries', async () => {
    await fc.assert(
      fc.asyncProperty(fc.uint8Array({ minLength: 0, maxLength: 200 }), async (bytes) => {
        const expected = new Uint8Array(await webcrypto.subtle.digest('SHA-256', bytes));
        expect(toHex(sha256(bytes))).toBe(toHex(expected));
      }),
      { numRuns: 200 },
    );
  });
});

describe('hmacSha256', () => {
  it('reproduces the RFC 4231 test cases 1, 2 and 6 (long key)', () => {
    expect(toHex(hmacSha256(fromHex('0b'.repeat(20)), utf8('Hi There')))).toBe('b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7');
    expect(toHex(hmacSha256(utf8('Jefe'), utf8('what do ya want for nothing?')))).toBe('5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843');
    expect(toHex(hmacSha256(fromHex('aa'.repeat(131)), utf8('Test Using Larger Than Block-Size Key - Hash Key First')))).toBe(
      '60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54',
    );
  });

  it('agrees with WebCrypto HMAC for random keys and messages', async () => {
    await fc.assert(
      fc.asyncProperty(fc.uint8Array({ minLength: 1, maxLength: 100 }), fc.uint8Array({ maxLength: 150 }), async (key, message) => {
        const imported = await webcrypto.subtle.importKey('raw', key, { name: 'HMAC', hash: 'SHA-256' }, false, ['sign']);
        const expected = new Uint8Array(await webcrypto.subtle.sign('HMAC', imported, message));
        expect(toHex(hmacSha256(key, message))).toBe(toHex(expected));
      }),
      { numRuns: 100 },
    );
  });
});
