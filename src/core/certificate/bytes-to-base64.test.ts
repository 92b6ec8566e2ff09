import { describe, expect, it } from 'vitest';
import { bytesToBase64 } from './bytes-to-base64.ts';

function viaBtoa(bytes: Uint8Array): string {
  let binary = '';
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary);
}

describe('bytesToBase64', () => {
  it('encodes the RFC 4648 §10 test vectors', () => {
    const encode = (text: string) => bytesToBase64(new TextEncoder().encode(text));
    expect(['', 'f', 'fo', 'foo', 'foob', 'fooba', 'foobar'].map(encode)).toEqual(['', 'Zg==', 'Zm8=', 'Zm9v', 'Zm9vYg==', 'Zm9vYmE=', 'Zm9vYmFy']);
  });

  it('agrees with btoa on every byte value and on each padding length', () => {
    const all = Uint8Array.from({ length: 256 }, (_, n) => 255 - n);
    for (const length of [254, 255, 256]) expect(bytesToBase64(all.subarray(0, length))).toBe(viaBtoa(all.subarray(0, length)));
  });
});
