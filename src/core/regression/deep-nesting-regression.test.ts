/**
 * CWE-674: Uncontrolled Recursion (and CWE-400) — deeply nested elements.
 *
 * A recursive tree walk over a hostile document overflows the stack (a RangeError that would take
 * the diagnosis, or the service worker's event handler, down). parseXml walks without recursion
 * and refuses documents nested deeper than `maxDepth` (100; real SAML stays under 20) with
 * `xml-too-deep`; the diagnosis names it. Every case must end that way — never a thrown
 * RangeError — and cost time linear in the input (10× the depth ≤ 30× the time).
 */
import { deflateRawSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { buildSalesforceResponse, encodePost, sharedTestIdp, testContext } from '../../testing/saml-builder.ts';
import { DEFAULT_XML_LIMITS, parseXml } from '../xml/parse-xml.ts';
import { runRegressionCase, type RegressionOutcome } from '../../testing/run-regression-case.ts';

const NOW = testContext().now;
const CASE_BUDGET_MS = 30_000;

const OPEN = '<samlp:Response xmlns:samlp="urn:oasis:names:tc:SAML:2.0:protocol" ID="_r" Version="2.0">';
const CLOSE = '</samlp:Response>';

function nested(depth: number, name = 'x'): string {
  return `${OPEN}${`<${name}>`.repeat(depth)}${`</${name}>`.repeat(depth)}${CLOSE}`;
}

type Outcome = RegressionOutcome;

async function run(value: string): Promise<Outcome> {
  const outcome = await runRegressionCase(value, { now: NOW });
  expect(outcome.ms).toBeLessThan(CASE_BUDGET_MS);
  return outcome;
}

function expectTooDeepNamed(outcome: Outcome): void {
  const tooDeep = outcome.analysis.problems.find((p) => p.code === 'xml-too-deep');
  expect(tooDeep?.severity).toBe('error');
  expect(tooDeep?.message).toMatch(/nested more than 100 deep/);
  expect(outcome.analysis.problems.map((p) => p.code)).not.toContain('analysis-failed');
  expect(outcome.diagnosis.primary.id).toBe('saml-undecodable');
  expect(outcome.diagnosis.primary.title).toContain('xml-too-deep');
}

function bestOf(times: number, work: () => void): number {
  let best = Number.POSITIVE_INFINITY;
  for (let i = 0; i < times; i++) {
    const started = performance.now();
    work();
    best = Math.min(best, performance.now() - started);
  }
  return best;
}

describe('deeply nested elements (CWE-674)', () => {
  it('accepts nesting up to the limit, so the limit does not bite real messages', () => {
    const atLimit = parseXml(nested(DEFAULT_XML_LIMITS.maxDepth - 1));
    expect(atLimit.ok).toBe(true);
    expect(parseXml(nested(DEFAULT_XML_LIMITS.maxDepth)).problems.map((p) => p.code)).toEqual(['xml-too-deep']);
  });

  for (const depth of [1_000, 10_000, 100_000]) {
    it(`refuses ${depth.toLocaleString('en')} nested elements with xml-too-deep, no stack overflow, and names it`, async () => {
      expectTooDeepNamed(await run(encodePost(nested(depth))));
    });
  }

  it('refuses deep nesting delivered DEFLATE-compressed (a small value that expands into a deep tree)', async () => {
    const value = deflateRawSync(Buffer.from(nested(50_000))).toString('base64');
    expect(value.length).toBeLessThan(10_000);
    expectTooDeepNamed(await run(value));
  });

  it('refuses deep nesting hidden inside the AttributeValue of a really signed response', async () => {
    const signed = buildSalesforceResponse(await sharedTestIdp());
    const xml = signed.replace('>jdoe@', `>${'<x:n xmlns:x="urn:example:x">'.repeat(5_000)}${'</x:n>'.repeat(5_000)}jdoe@`);
    expectTooDeepNamed(await run(encodePost(xml)));
  });

  it('survives a signed response nested just under the limit: model and signature checks walk it without overflow', async () => {
    const signed = buildSalesforceResponse(await sharedTestIdp(), { sign: 'none' });
    const depth = DEFAULT_XML_LIMITS.maxDepth - 10;
    const xml = signed.replace('</saml:Assertion>', `<saml:Advice>${'<x:n xmlns:x="urn:example:x">'.repeat(depth)}${'</x:n>'.repeat(depth)}</saml:Advice></saml:Assertion>`);
    const outcome = await run(encodePost(xml));
    expect(outcome.analysis.message?.kind).toBe('Response');
    expect(outcome.diagnosis.findings.length).toBeGreaterThan(0);
  });

  it('refuses 200,000 unclosed start tags as malformed, without recursion', async () => {
    const outcome = await run(encodePost(`${OPEN}${'<x>'.repeat(200_000)}`));
    expect(outcome.analysis.problems.some((p) => p.code === 'xml-malformed' || p.code === 'xml-too-deep')).toBe(true);
    expect(outcome.diagnosis.primary.id).toBe('saml-undecodable');
  });

  it('spends at most 30× the time refusing 10× the depth (10,000 → 100,000)', () => {
    const small = nested(10_000);
    const large = nested(100_000);
    parseXml(small);
    const smallMs = bestOf(3, () => parseXml(small));
    const largeMs = bestOf(3, () => parseXml(large));
    expect(largeMs, `10k: ${smallMs.toFixed(1)} ms, 100k: ${largeMs.toFixed(1)} ms`).toBeLessThanOrEqual(Math.max(smallMs, 2) * 30);
  });

  it('spends at most 30× the time on 10× unclosed start tags (20,000 → 200,000)', () => {
    const small = `${OPEN}${'<x>'.repeat(20_000)}`;
    const large = `${OPEN}${'<x>'.repeat(200_000)}`;
    parseXml(small);
    const smallMs = bestOf(3, () => parseXml(small));
    const largeMs = bestOf(3, () => parseXml(large));
    expect(largeMs, `20k: ${smallMs.toFixed(1)} ms, 200k: ${largeMs.toFixed(1)} ms`).toBeLessThanOrEqual(Math.max(smallMs, 2) * 30);
  });
});
