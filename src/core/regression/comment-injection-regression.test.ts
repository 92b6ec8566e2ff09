/**
 * CWE-347 / CWE-20 — comment and CDATA injection into signed values: the CVE-2017-11428 class
 * (VU#475445; also CVE-2017-11427, CVE-2017-11429, CVE-2017-11430, CVE-2018-0489, CVE-2018-7340).
 *
 * Exclusive canonicalization drops comments and turns CDATA into text, so a comment inserted into
 * a signed NameID after signing leaves the signature valid. A reader that takes only the first
 * text node then sees a truncated identity (`admin@acme.com<!---->.evil.example` reads as
 * `admin@acme.com`). The model must join all text, flag the comment or CDATA, and the diagnosis
 * must name the injection — with the signature still valid, so only the injection is to blame.
 */
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildSalesforceResponse, encodePost, sharedTestIdp, testContext, type TestIdp } from '../../testing/saml-builder.ts';
import { metadataFor } from '../../testing/scenario-harness.ts';
import { analyzeSamlValue } from '../analysis/analyze-saml-value.ts';
import { diagnoseFlow } from '../diagnosis/diagnose.ts';
import type { DiagnosisContext } from '../diagnosis/diagnosis-context.ts';
import type { Diagnosis } from '../diagnosis/diagnosis.ts';
import { flowFromSamlValue } from '../flow/flow-from-har.ts';
import type { SamlAssertion } from '../message/saml-message.ts';
import { runRegressionCase, type RegressionOutcome } from '../../testing/run-regression-case.ts';

const CASE_BUDGET_MS = 10_000;
const REGISTERED = 'admin@acme.com.evil.example';
const ROLE_SESSION = 'admin@acme.com.evil.example';
const ROLE = 'arn:aws:iam::123456789012:role/AcmeVoice-SAMLRole,arn:aws:iam::123456789012:saml-provider/SalesforceVoiceIdp_00D5g000000abcdEAA';

let idp: TestIdp;
let context: DiagnosisContext;
let signed: string;

beforeAll(async () => {
  idp = await sharedTestIdp();
  context = testContext({ metadata: await metadataFor(idp) });
  signed = buildSalesforceResponse(idp, { nameId: REGISTERED, roleSessionName: ROLE_SESSION });
});

type Outcome = RegressionOutcome;

async function run(xml: string): Promise<Outcome> {
  const outcome = await runRegressionCase(encodePost(xml), context, [idp.certificateDer]);
  expect(outcome.ms).toBeLessThan(CASE_BUDGET_MS);
  return outcome;
}

/** Replaces the first `>value<` text exactly once (the test fails loudly if the value is not there). */
function inject(xml: string, value: string, replacement: string): string {
  const needle = `>${value}<`;
  expect(xml).toContain(needle);
  return xml.replace(needle, `>${replacement}<`);
}

function expectSignaturesStillValid(outcome: Outcome): void {
  const outcomes = outcome.analysis.signatures?.signatures.map((check) => check.outcome) ?? [];
  expect(outcomes.length).toBeGreaterThan(0);
  expect(outcomes.every((o) => o === 'valid')).toBe(true);
}

function wrappingFinding(diagnosis: Diagnosis): { title: string; evidence: string } | undefined {
  const finding = diagnosis.findings.find((f) => f.id === 'saml-signature-wrapping');
  return finding === undefined ? undefined : { title: finding.title, evidence: finding.evidence.map((e) => `${e.label}: ${e.observed ?? ''}`).join('\n') };
}

function attributeValues(assertion: SamlAssertion | undefined, name: string): { values: readonly string[]; flagged: boolean } {
  const attribute = assertion?.attributes.find((a) => a.name === name);
  return { values: attribute?.values ?? [], flagged: attribute?.hasCommentOrCdata ?? false };
}

describe('comment and CDATA injection into signed values (CVE-2017-11428 class)', () => {
  it('starts from a response whose NameID and RoleSessionName are the registered, signed values and that is healthy', async () => {
    const outcome = await run(signed);
    expect(outcome.assertion?.subject?.nameId?.value).toBe(REGISTERED);
    expect(outcome.assertion?.subject?.nameId?.hasCommentOrCdata).toBe(false);
    expect(outcome.diagnosis.primary.id).toBe('sso-healthy');
  });

  it('joins a NameID split by a comment, flags it, keeps the signature valid and names the comment injection', async () => {
    const outcome = await run(inject(signed, REGISTERED, 'admin@acme.com<!---->.evil.example'));
    expectSignaturesStillValid(outcome);
    const nameId = outcome.assertion?.subject?.nameId;
    expect(nameId?.value).toBe(REGISTERED);
    expect(nameId?.firstTextNode).toBe('admin@acme.com');
    expect(nameId?.hasCommentOrCdata).toBe(true);
    const finding = wrappingFinding(outcome.diagnosis);
    expect(finding?.title).toMatch(/comment injection/);
    expect(finding?.evidence).toContain('"admin@acme.com"');
    expect(outcome.diagnosis.primary.id).toBe('saml-signature-wrapping');
  });

  it('treats a CDATA section splitting the NameID the same way (canonicalization turns CDATA into text)', async () => {
    const outcome = await run(inject(signed, REGISTERED, 'admin@acme.com<![CDATA[.evil.example]]>'));
    expectSignaturesStillValid(outcome);
    expect(outcome.assertion?.subject?.nameId?.value).toBe(REGISTERED);
    expect(outcome.assertion?.subject?.nameId?.hasCommentOrCdata).toBe(true);
    expect(wrappingFinding(outcome.diagnosis)?.title).toMatch(/comment injection/);
  });

  it('joins and flags several comments in one NameID, whatever they contain', async () => {
    const outcome = await run(inject(signed, REGISTERED, 'admin<!-- a -->@acme.com<!--<saml:NameID>victim</saml:NameID>-->.evil.example'));
    expectSignaturesStillValid(outcome);
    expect(outcome.assertion?.subject?.nameId?.value).toBe(REGISTERED);
    expect(outcome.assertion?.subject?.nameId?.firstTextNode).toBe('admin');
    expect(wrappingFinding(outcome.diagnosis)?.title).toMatch(/comment injection/);
  });

  it('reads a comment in front of the NameID as harmless to the value but still flags it in the model', async () => {
    const outcome = await run(inject(signed, REGISTERED, `<!-- note -->${REGISTERED}`));
    expectSignaturesStillValid(outcome);
    expect(outcome.assertion?.subject?.nameId?.value).toBe(REGISTERED);
    expect(outcome.assertion?.subject?.nameId?.firstTextNode).toBe(REGISTERED);
    expect(outcome.assertion?.subject?.nameId?.hasCommentOrCdata).toBe(true);
  });

  it('joins and flags a comment inside the RoleSessionName attribute value and names it in the diagnosis', async () => {
    const xml = inject(signed.replace(`>${REGISTERED}</saml:NameID>`, '>placeholder</saml:NameID>'), ROLE_SESSION, 'admin@acme.com<!---->.evil.example');
    const outcome = await run(xml.replace('>placeholder</saml:NameID>', `>${REGISTERED}</saml:NameID>`));
    expectSignaturesStillValid(outcome);
    const session = attributeValues(outcome.assertion, 'https://aws.amazon.com/SAML/Attributes/RoleSessionName');
    expect(session.values).toEqual([ROLE_SESSION]);
    expect(session.flagged).toBe(true);
    expect(outcome.assertion?.aws.roleSessionName).toEqual([ROLE_SESSION]);
    const finding = wrappingFinding(outcome.diagnosis);
    expect(finding?.evidence).toContain('https://aws.amazon.com/SAML/Attributes/RoleSessionName');
    expect(finding?.evidence).toMatch(/comment or CDATA/);
  });

  it('joins and flags a CDATA section inside the Role attribute value, and the role pair is read whole', async () => {
    const outcome = await run(inject(signed, ROLE, `${ROLE.slice(0, 40)}<![CDATA[${ROLE.slice(40)}]]>`));
    expectSignaturesStillValid(outcome);
    const role = attributeValues(outcome.assertion, 'https://aws.amazon.com/SAML/Attributes/Role');
    expect(role.values).toEqual([ROLE]);
    expect(role.flagged).toBe(true);
    expect(outcome.assertion?.aws.roles[0]?.roleArn).toBe('arn:aws:iam::123456789012:role/AcmeVoice-SAMLRole');
    expect(wrappingFinding(outcome.diagnosis)?.evidence).toContain('https://aws.amazon.com/SAML/Attributes/Role');
  });

  it('flags a comment in a non-AWS attribute in the model (the value is joined) without blaming AWS attributes', async () => {
    const withEmail = buildSalesforceResponse(idp, { nameId: REGISTERED, attributes: { email: 'jdoe@acme.com.evil.example' } });
    const outcome = await run(inject(withEmail, 'jdoe@acme.com.evil.example', 'jdoe@acme.com<!---->.evil.example'));
    expectSignaturesStillValid(outcome);
    const email = attributeValues(outcome.assertion, 'email');
    expect(email.values).toEqual(['jdoe@acme.com.evil.example']);
    expect(email.flagged).toBe(true);
    expect(wrappingFinding(outcome.diagnosis)?.evidence ?? '').not.toContain('AttributeValue');
  });

  it('does not let a processing instruction split the NameID silently: it breaks the signature instead', async () => {
    const outcome = await run(inject(signed, REGISTERED, 'admin@acme.com<?x y?>.evil.example'));
    expect(outcome.assertion?.subject?.nameId?.value).toBe(REGISTERED);
    expect(outcome.analysis.signatures?.signatures.some((check) => check.outcome === 'invalid')).toBe(true);
    expect(outcome.diagnosis.findings.map((f) => f.id)).toContain('aws-signature-invalid');
    expect(outcome.diagnosis.primary.id).not.toBe('sso-healthy');
  });

  const repoRoot = fileURLToPath(new URL('../../../', import.meta.url));
  const corpusDir = [process.env['SSO_DOCTOR_CORPUS'], `${repoRoot}corpus`, `${repoRoot}../shared/corpus`].find((d): d is string => d !== undefined && existsSync(`${d}/catalog.json`));
  const corpus = corpusDir
    ? (JSON.parse(readFileSync(`${corpusDir}/catalog.json`, 'utf8')) as { file: string; expected?: string; evaluate_at?: string | null; name_id?: string }[]).filter(
        (entry) => entry.expected === 'comment-injection',
      )
    : [];

  for (const entry of corpus) {
    it(`${entry.file}: the corpus case is flagged and named (comment injection, or the altered signature)`, async () => {
      const now = entry.evaluate_at !== undefined && entry.evaluate_at !== null && /^\d{4}-/.test(entry.evaluate_at) ? entry.evaluate_at : testContext().now;
      const text = readFileSync(`${corpusDir ?? ''}/${entry.file}`, 'utf8');
      const analysis = await analyzeSamlValue(text, 'SAMLResponse');
      const message = analysis.message;
      const assertion = message?.kind === 'Response' ? message.assertions[0] : undefined;
      const flagged = (assertion?.subject?.nameId?.hasCommentOrCdata ?? false) || (assertion?.attributes.some((a) => a.hasCommentOrCdata) ?? false);
      const diagnosis = await diagnoseFlow(flowFromSamlValue(text, now), testContext({ now }));
      const ids = diagnosis.findings.map((f) => f.id);
      expect(diagnosis.primary.id).not.toBe('sso-healthy');
      // xml-crypto's fixture holds no comment any more: its source test altered signed content
      // (a #WithComments case), so the Response signature fails instead — also a named attack.
      if (flagged || text.includes('<!--')) expect(ids).toContain('saml-signature-wrapping');
      else expect(ids).toContain('aws-signature-invalid');
    });
  }
});
