/**
 * CWE-409: Improper Handling of Highly Compressed Data (Data Amplification) — DEFLATE bombs in
 * the HTTP-Redirect encoding (raw DEFLATE + base64, also seen POSTed).
 *
 * decodeSamlValue inflates in small slices and stops as soon as the output passes
 * `maxInflatedBytes` (16 MB) or, past 1 MB, the output/input ratio passes `maxInflateRatio`
 * (200:1). A bomb must end in the `decompression-bomb` problem and a `saml-undecodable` finding
 * that names it, without inflating (or allocating) more than the cap, whatever size it claims.
 */
import { createDeflateRaw, deflateRawSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { DEFAULT_DECODE_LIMITS, decodeSamlValue, type DecodeLimits } from '../binding/decode-saml-value.ts';
import { diagnoseFlow } from '../diagnosis/diagnose.ts';
import { flowFromSamlValue } from '../flow/flow-from-har.ts';

const NOW = '2026-03-02T10:00:03.000Z';
const MB = 1024 * 1024;
/** Heap guard: the cap is 16 MB of output; anything near the bomb's claimed size would blow far past this. */
const HEAP_BUDGET_BYTES = 96 * MB;

/** Raw DEFLATE of `totalBytes` copies of `fill` after `prefix`, streamed so the test itself never holds the expansion. */
async function deflateBomb(totalBytes: number, prefix = '<samlp:Response xmlns:samlp="urn:oasis:names:tc:SAML:2.0:protocol">', fill = 0x20): Promise<string> {
  const deflate = createDeflateRaw({ level: 9 });
  const chunks: Buffer[] = [];
  deflate.on('data', (chunk: Buffer) => chunks.push(chunk));
  const done = new Promise<void>((resolve, reject) => {
    deflate.on('end', resolve);
    deflate.on('error', reject);
  });
  const block = Buffer.alloc(MB, fill);
  deflate.write(Buffer.from(prefix, 'utf8'));
  for (let written = 0; written < totalBytes; written += block.length) {
    if (!deflate.write(block)) await new Promise((resolve) => deflate.once('drain', resolve));
  }
  deflate.end();
  await done;
  return Buffer.concat(chunks).toString('base64');
}

function measure<T>(work: () => T): { result: T; ms: number; heapGrowth: number } {
  const heapBefore = process.memoryUsage().heapUsed;
  const started = performance.now();
  const result = work();
  return { result, ms: performance.now() - started, heapGrowth: process.memoryUsage().heapUsed - heapBefore };
}

function bombProblem(value: string, limits?: DecodeLimits): string {
  const decoding = decodeSamlValue(value, limits);
  expect(decoding.ok).toBe(false);
  const bomb = decoding.problems.find((p) => p.code === 'decompression-bomb');
  expect(bomb?.severity).toBe('error');
  return bomb?.message ?? '';
}

describe('DEFLATE decompression bombs (CWE-409)', () => {
  it('stops a 256 MB bomb of spaces behind an XML start tag at the cap, without holding the expansion', async () => {
    const value = await deflateBomb(256 * MB);
    expect(value.length).toBeLessThan(2 * MB);
    const { result, heapGrowth } = measure(() => decodeSamlValue(value));
    expect(result.ok).toBe(false);
    expect(result.problems.map((p) => p.code)).toContain('decompression-bomb');
    expect(heapGrowth).toBeLessThan(HEAP_BUDGET_BYTES);
  });

  it('trips the ratio cap (200:1 past 1 MB) on a small, highly compressible value long before the size cap', async () => {
    const value = await deflateBomb(8 * MB);
    const message = bombProblem(value);
    const inflated = Number(/after (\d+) bytes/.exec(message)?.[1]);
    expect(inflated).toBeGreaterThan(MB);
    expect(inflated).toBeLessThan(DEFAULT_DECODE_LIMITS.maxInflatedBytes);
    expect(message).toMatch(/decompression bomb/);
  });

  it('trips the size cap on data that compresses only modestly (ratio under the limit, output over it)', () => {
    // ~10:1 data: pseudo-random digits in XML text. A 1 MB output cap, ratio limit out of the way.
    let seed = 7;
    const digits = Array.from({ length: 3 * MB }, () => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return String(seed % 10);
    }).join('');
    const value = deflateRawSync(Buffer.from(`<r>${digits}</r>`, 'utf8')).toString('base64');
    const limits: DecodeLimits = { ...DEFAULT_DECODE_LIMITS, maxInflatedBytes: MB, maxInflateRatio: 1_000_000 };
    const message = bombProblem(value, limits);
    expect(message).toContain(`limit ${String(MB)} bytes`);
    expect(decodeSamlValue(value, { ...limits, maxInflatedBytes: 8 * MB }).ok).toBe(true);
  });

  it('accepts a real-sized redirect message just under the caps (the caps do not bite honest input)', () => {
    const xml = `<samlp:AuthnRequest xmlns:samlp="urn:oasis:names:tc:SAML:2.0:protocol" ID="_1" Version="2.0">${'<!-- padding -->'.repeat(20_000)}</samlp:AuthnRequest>`;
    const decoding = decodeSamlValue(deflateRawSync(Buffer.from(xml)).toString('base64'));
    expect(decoding.ok).toBe(true);
  });

  it('ends a bomb in the diagnosis as saml-undecodable naming the decompression bomb', async () => {
    const value = await deflateBomb(64 * MB);
    const diagnosis = await diagnoseFlow(flowFromSamlValue(value, NOW), { now: NOW });
    expect(diagnosis.primary.id).toBe('saml-undecodable');
    expect(diagnosis.primary.title).toContain('decompression-bomb');
    expect(diagnosis.primary.evidence.map((e) => e.observed ?? '').join(' ')).toMatch(/decompression bomb/);
    expect(diagnosis.findings.map((f) => f.id)).not.toContain('sso-healthy');
  });

  it('stops a bomb that expands to non-XML bytes too (zeros), before deciding it is not XML', async () => {
    const value = await deflateBomb(64 * MB, '', 0);
    expect(decodeSamlValue(value).problems.map((p) => p.code)).toContain('decompression-bomb');
  });

  it('stops the same bomb when it arrives URL-encoded, as in a form body or HAR file', async () => {
    const value = encodeURIComponent(await deflateBomb(64 * MB));
    expect(decodeSamlValue(value).problems.map((p) => p.code)).toEqual(expect.arrayContaining(['url-encoded', 'decompression-bomb']));
  });

  it('inflates only once: a bomb hidden inside a compressed, base64-encoded layer is just "not XML"', async () => {
    const inner = await deflateBomb(64 * MB);
    const outer = deflateRawSync(Buffer.from(inner, 'utf8')).toString('base64');
    const decoding = decodeSamlValue(outer);
    expect(decoding.ok).toBe(false);
    expect(decoding.problems.map((p) => p.code)).toContain('not-xml');
  });

  it('reports a truncated DEFLATE stream as undecodable rather than returning part of a message', () => {
    const full = deflateRawSync(Buffer.from(`<r>${'x'.repeat(100_000)}${'y'.repeat(100_000)}</r>`));
    const truncated = full.subarray(0, Math.floor(full.length / 2)).toString('base64');
    const decoding = decodeSamlValue(truncated);
    expect(decoding.ok).toBe(false);
    expect(decoding.problems.some((p) => p.severity === 'error')).toBe(true);
  });

  it('does not spend more on a bigger bomb: 10× the claimed size costs at most 30× the time (the cap stops both)', async () => {
    const small = await deflateBomb(32 * MB);
    const large = await deflateBomb(320 * MB);
    const time = (value: string): number => {
      let best = Number.POSITIVE_INFINITY;
      for (let i = 0; i < 3; i++) best = Math.min(best, measure(() => decodeSamlValue(value)).ms);
      return best;
    };
    const smallMs = time(small);
    const largeMs = time(large);
    expect(largeMs).toBeLessThanOrEqual(Math.max(smallMs, 1) * 30);
  });
});
