/**
 * CWE-694: Use of Multiple Resources with Duplicate Identifier (in service of CWE-347, signature
 * wrapping).
 *
 * An XML-DSig Reference names its element by ID. When two elements carry that ID, a verifier and
 * an application can pick different ones: the verifier checks the genuine signed copy, the
 * application reads the forged one. verifyXmlSignatures refuses to resolve an ID held by more
 * than one element (ID, Id and AssertionID alike) and reports `duplicate-id`; the diagnosis names
 * the duplicate as a wrapping shape. Every case here must end that way, in bounded time.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { buildSalesforceResponse, encodePost, sharedTestIdp, testContext, type TestIdp } from '../../testing/saml-builder.ts';
import { metadataFor } from '../../testing/scenario-harness.ts';
import type { DiagnosisContext } from '../diagnosis/diagnosis-context.ts';
import { runRegressionCase, type RegressionOutcome } from '../../testing/run-regression-case.ts';

const CASE_BUDGET_MS = 10_000;
const RESPONSE_ID = '_a1b2c3d4e5f60718293a4b5c6d7e8f901772445600000';
const ASSERTION_ID = '_f9e8d7c6b5a4938271605f4e3d2c1b0a1772445600000';
const EVIL_SESSION = 'mallory@005EVIL0000000000A@00D5g000000abcdEAA';

let idp: TestIdp;
let context: DiagnosisContext;
let signed: string;

beforeAll(async () => {
  idp = await sharedTestIdp();
  context = testContext({ metadata: await metadataFor(idp) });
  signed = buildSalesforceResponse(idp, { sign: 'assertion' });
});

type Outcome = RegressionOutcome;

async function run(xml: string): Promise<Outcome> {
  return runRegressionCase(encodePost(xml), context, [idp.certificateDer]);
}

/** The signed assertion's XML, unsigned, with the attacker's RoleSessionName. */
function forgedAssertion(xml: string, id: string): string {
  const start = xml.indexOf('<saml:Assertion ');
  const end = xml.indexOf('</saml:Assertion>') + '</saml:Assertion>'.length;
  expect(start).toBeGreaterThan(0);
  return xml
    .slice(start, end)
    .replace(/<ds:Signature[\s\S]*?<\/ds:Signature>/, '')
    .replace(`ID="${ASSERTION_ID}"`, `ID="${id}"`)
    .replace(/>jdoe@[^<]+</, `>${EVIL_SESSION}<`);
}

function expectDuplicateNamed(outcome: Outcome, id: string): void {
  expect(outcome.ms).toBeLessThan(CASE_BUDGET_MS);
  const duplicate = outcome.analysis.signatures?.problems.find((p) => p.code === 'duplicate-id');
  expect(duplicate?.message).toContain(id);
  const wrapping = outcome.diagnosis.findings.find((f) => f.id === 'saml-signature-wrapping');
  expect(wrapping?.evidence.some((e) => e.label === 'Duplicate ID' && (e.observed ?? '').includes(id))).toBe(true);
  expect(outcome.diagnosis.primary.id).not.toBe('sso-healthy');
  expect(outcome.diagnosis.primary.severity).toBe('error');
}

describe('duplicate IDs (CWE-694, the lever of signature wrapping)', () => {
  it('starts from a signed response with unique IDs that is healthy', async () => {
    const outcome = await run(signed);
    expect(outcome.analysis.signatures?.problems.map((p) => p.code)).not.toContain('duplicate-id');
    expect(outcome.diagnosis.primary.id).toBe('sso-healthy');
  });

  it('refuses to resolve a Reference whose ID a forged assertion placed before the signed one also carries', async () => {
    const xml = signed.replace('<saml:Assertion ', `${forgedAssertion(signed, ASSERTION_ID)}<saml:Assertion `);
    const outcome = await run(xml);
    expectDuplicateNamed(outcome, ASSERTION_ID);
    const check = outcome.analysis.signatures?.signatures[0];
    expect(check?.outcome).not.toBe('valid');
    expect(check?.problems.map((p) => p.message).join(' ')).toMatch(/signature-wrapping|wrapping/);
  });

  it('refuses the same when the forged twin comes after the signed assertion', async () => {
    const xml = signed.replace('</samlp:Response>', `${forgedAssertion(signed, ASSERTION_ID)}</samlp:Response>`);
    expectDuplicateNamed(await run(xml), ASSERTION_ID);
  });

  it('names a Response and an Assertion that share one ID', async () => {
    const xml = signed.replace(`ID="${RESPONSE_ID}"`, `ID="${ASSERTION_ID}"`);
    expectDuplicateNamed(await run(xml), ASSERTION_ID);
  });

  it('counts Id and AssertionID as IDs too, so a twin cannot hide behind another attribute name', async () => {
    for (const attribute of ['Id', 'AssertionID']) {
      const twin = `<samlp:Extensions><saml:Assertion xmlns:saml="urn:oasis:names:tc:SAML:2.0:assertion" ${attribute}="${ASSERTION_ID}"/></samlp:Extensions>`;
      const xml = signed.replace('<samlp:Status>', `${twin}<samlp:Status>`);
      expectDuplicateNamed(await run(xml), ASSERTION_ID);
    }
  });

  it('names an unrelated element (an Extensions child) that steals the signed ID', async () => {
    const xml = signed.replace('<samlp:Status>', `<samlp:Extensions><x:Data xmlns:x="urn:example:x" ID="${ASSERTION_ID}">forged</x:Data></samlp:Extensions><samlp:Status>`);
    expectDuplicateNamed(await run(xml), ASSERTION_ID);
  });

  it('stays bounded with a thousand elements carrying the signed ID, and 10× the twins costs at most 30× the time', async () => {
    const withTwins = (count: number): string =>
      signed.replace('<samlp:Status>', `<samlp:Extensions>${`<x:T xmlns:x="urn:example:x" ID="${ASSERTION_ID}"/>`.repeat(count)}</samlp:Extensions><samlp:Status>`);
    const thousand = await run(withTwins(1_000));
    expectDuplicateNamed(thousand, ASSERTION_ID);
    expect(thousand.analysis.signatures?.problems.find((p) => p.code === 'duplicate-id')?.message).toContain('1001 elements');

    const time = async (xml: string): Promise<number> => {
      let best = Number.POSITIVE_INFINITY;
      for (let i = 0; i < 3; i++) best = Math.min(best, (await run(xml)).ms);
      return best;
    };
    const small = await time(withTwins(500));
    const large = await time(withTwins(5_000));
    expect(large).toBeLessThanOrEqual(Math.max(small, 1) * 30);
  });

  it('stays bounded with thousands of distinct IDs each used twice', async () => {
    const pairs = Array.from({ length: 2_000 }, (_, i) => `<x:T xmlns:x="urn:example:x" ID="_d${String(i)}"/><x:T xmlns:x="urn:example:x" ID="_d${String(i)}"/>`).join('');
    const outcome = await run(signed.replace('<samlp:Status>', `<samlp:Extensions>${pairs}</samlp:Extensions><samlp:Status>`));
    expect(outcome.ms).toBeLessThan(CASE_BUDGET_MS);
    expect(outcome.analysis.signatures?.problems.filter((p) => p.code === 'duplicate-id').length).toBe(2_000);
    expect(outcome.diagnosis.findings.find((f) => f.id === 'saml-signature-wrapping')).toBeDefined();
  });
});
