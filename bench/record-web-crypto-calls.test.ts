import { describe, expect, it } from 'vitest';
import { recordWebCryptoCalls, replayWebCryptoCalls } from './record-web-crypto-calls.ts';

describe('recordWebCryptoCalls', () => {
  it('records the digests a function makes, restores crypto.subtle, and replays them to the same results', async () => {
    const original: unknown = Reflect.get(globalThis.crypto.subtle, 'digest');
    const data = new TextEncoder().encode('<saml:Assertion/>');
    const calls = await recordWebCryptoCalls(async () => {
      await crypto.subtle.digest('SHA-256', data);
      await crypto.subtle.digest('SHA-1', data);
    });
    expect(Reflect.get(globalThis.crypto.subtle, 'digest')).toBe(original);
    expect(calls.map((call) => call.method)).toEqual(['digest', 'digest']);
    const [sha256] = (await replayWebCryptoCalls(calls)) as ArrayBuffer[];
    expect(new Uint8Array(sha256 ?? new ArrayBuffer(0))).toEqual(new Uint8Array(await crypto.subtle.digest('SHA-256', data)));
  });

  it('restores crypto.subtle when the observed function throws', async () => {
    const original: unknown = Reflect.get(globalThis.crypto.subtle, 'verify');
    await expect(recordWebCryptoCalls(() => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    expect(Reflect.get(globalThis.crypto.subtle, 'verify')).toBe(original);
  });
});
