/**
 * CWE-400: Uncontrolled Resource Consumption (CWE-770: allocation without limits) — attribute
 * floods: thousands of SAML Attributes, thousands of values in one Attribute, thousands of XML
 * attributes on one element, one enormous value, a million empty elements. Also CWE-1321
 * (prototype pollution): attribute names become object keys.
 *
 * Real Salesforce responses carry a handful of attributes. A flood must still be read completely
 * (nothing silently dropped), diagnosed, and cost time linear in its size: each case compares the
 * time for 10× the input with the time for 1× (at most 30×, best of three runs) instead of an
 * absolute budget, so a quadratic step anywhere in decode → parse → model → signature → diagnose
 * fails the test on any machine.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { TEST_DEFAULTS, buildSalesforceResponse, encodePost, sharedTestIdp, testContext, type TestIdp } from '../../testing/saml-builder.ts';
import { metadataFor } from '../../testing/scenario-harness.ts';
import { diagnoseFlow } from '../diagnosis/diagnose.ts';
import type { DiagnosisContext } from '../diagnosis/diagnosis-context.ts';
import { flowFromSamlValue } from '../flow/flow-from-har.ts';
import { parseXml } from '../xml/parse-xml.ts';
import { runRegressionCase, type RegressionOutcome } from '../../testing/run-regression-case.ts';

/** Hang guard only; the growth ratios are the real assertion. */
const CASE_BUDGET_MS = 30_000;
const GROWTH_LIMIT = 30;

let idp: TestIdp;
let context: DiagnosisContext;

beforeAll(async () => {
  idp = await sharedTestIdp();
  context = testContext({ metadata: await metadataFor(idp) });
});

type Outcome = RegressionOutcome;

async function run(xml: string): Promise<Outcome> {
  const outcome = await runRegressionCase(encodePost(xml), context, [idp.certificateDer]);
  expect(outcome.ms).toBeLessThan(CASE_BUDGET_MS);
  return outcome;
}

async function bestTime(xml: string): Promise<number> {
  let best = Number.POSITIVE_INFINITY;
  for (let i = 0; i < 3; i++) best = Math.min(best, (await run(xml)).ms);
  return best;
}

async function expectLinear(build: (size: number) => string, small: number): Promise<void> {
  const smallXml = build(small);
  const largeXml = build(small * 10);
  await run(smallXml); // warm-up: JIT and key import caches
  const smallMs = await bestTime(smallXml);
  const largeMs = await bestTime(largeXml);
  expect(largeMs, `1× took ${smallMs.toFixed(1)} ms, 10× took ${largeMs.toFixed(1)} ms`).toBeLessThanOrEqual(Math.max(smallMs, 2) * GROWTH_LIMIT);
}

function manyAttributes(count: number): string {
  const attributes: Record<string, string> = {};
  for (let i = 0; i < count; i++) attributes[`urn:example:attribute:${String(i)}`] = `value-${String(i)}`;
  return buildSalesforceResponse(idp, { attributes });
}

function manyRoles(count: number): string {
  const roles = Array.from({ length: count }, (_, i) => `arn:aws:iam::${TEST_DEFAULTS.accountId}:role/Role${String(i)},${TEST_DEFAULTS.providerArn}`);
  return buildSalesforceResponse(idp, { roles });
}

function xmlAttributesOnNameId(count: number): string {
  const extra = Array.from({ length: count }, (_, i) => ` x:a${String(i)}="${String(i)}"`).join('');
  return buildSalesforceResponse(idp, { sign: 'none' }).replace('<saml:NameID ', `<saml:NameID xmlns:x="urn:example:x"${extra} `);
}

describe('attribute and element floods (CWE-400 / CWE-770)', () => {
  it('reads and diagnoses 5,000 SAML Attributes completely, with a valid signature over all of them', async () => {
    const outcome = await run(manyAttributes(5_000));
    expect(outcome.assertion?.attributes.length).toBe(5_002);
    expect(outcome.analysis.signatures?.signatures.every((check) => check.outcome === 'valid')).toBe(true);
    expect(outcome.diagnosis.findings.length).toBeGreaterThan(0);
  });

  it('spends at most 30× the time on 10× the Attributes (500 → 5,000)', async () => {
    await expectLinear(manyAttributes, 500);
  });

  it('reads a Role attribute with 5,000 values into 5,000 role pairs and still reaches a verdict', async () => {
    const outcome = await run(manyRoles(5_000));
    expect(outcome.assertion?.aws.roles.length).toBe(5_000);
    expect(outcome.assertion?.aws.roles.every((role) => role.issues.length === 0)).toBe(true);
    expect(outcome.diagnosis.primary).toBeDefined();
  });

  it('spends at most 30× the time on 10× the Role values (500 → 5,000)', async () => {
    await expectLinear(manyRoles, 500);
  });

  it('reads 10,000 XML attributes on the NameID element without losing the NameID', async () => {
    const outcome = await run(xmlAttributesOnNameId(10_000));
    expect(outcome.assertion?.subject?.nameId?.value).toBe(TEST_DEFAULTS.nameId);
    expect(outcome.diagnosis.findings.length).toBeGreaterThan(0);
  });

  it('spends at most 30× the time on 10× the XML attributes on one element (1,000 → 10,000)', async () => {
    await expectLinear(xmlAttributesOnNameId, 1_000);
  });

  it('keeps a 2 MB attribute value whole and flags the RoleSessionName AWS would refuse', async () => {
    const huge = 'a'.repeat(2 * 1024 * 1024);
    const outcome = await run(buildSalesforceResponse(idp, { roleSessionName: huge }));
    expect(outcome.assertion?.aws.roleSessionName?.[0]?.length).toBe(huge.length);
    expect(outcome.diagnosis.findings.map((f) => f.id)).toContain('aws-rolesessionname-invalid');
  });

  it('reads 5,000 Audience elements and still checks the audience', async () => {
    const audiences = Array.from({ length: 5_000 }, (_, i) => `urn:example:sp:${String(i)}`);
    const outcome = await run(buildSalesforceResponse(idp, { audiences }));
    expect(outcome.assertion?.conditions?.audiences.length).toBe(5_000);
    expect(outcome.diagnosis.findings.map((f) => f.id)).toContain('aws-audience-mismatch');
  });

  it('refuses a flood of 1,000,000 empty elements (4 MB) with xml-too-many-elements, within a bounded heap', async () => {
    const xml = `<samlp:Response xmlns:samlp="urn:oasis:names:tc:SAML:2.0:protocol">${'<a/>'.repeat(1_000_000)}</samlp:Response>`;
    const heapBefore = process.memoryUsage().heapUsed;
    const parsed = parseXml(xml);
    const heapGrowth = process.memoryUsage().heapUsed - heapBefore;
    expect(parsed.problems.map((p) => p.code)).toContain('xml-too-many-elements');
    // The element cap must bound memory too: it cannot wait until the whole DOM has been built.
    expect(heapGrowth, `heap grew ${String(Math.round(heapGrowth / 1024 / 1024))} MB`).toBeLessThan(256 * 1024 * 1024);
    const diagnosis = await diagnoseFlow(flowFromSamlValue(encodePost(xml), context.now), context);
    expect(diagnosis.primary.title).toContain('xml-too-many-elements');
  });

  it('keeps a PrincipalTag whose key is __proto__ as data (no prototype games with attribute names)', async () => {
    const name = 'https://aws.amazon.com/SAML/Attributes/PrincipalTag:__proto__';
    const outcome = await run(buildSalesforceResponse(idp, { attributes: { [name]: 'team-a' } }));
    const tags = outcome.assertion?.aws.principalTags ?? {};
    expect(Object.keys(tags)).toContain('__proto__');
    expect(Object.getPrototypeOf(tags)).not.toBe(Array.prototype);
  });
});
