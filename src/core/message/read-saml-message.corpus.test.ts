 
import { existsSync, readFileSync } from 'node:fs';
 
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { decodeSamlValue } from '../binding/decode-saml-value.ts';
import { parseXml } from '../xml/parse-xml.ts';
import { readSamlMessage } from './read-saml-message.ts';
import { AWS_ATTRIBUTE, type SamlAssertion, type SamlMessage, type SamlResponse } from './saml-message.ts';

/**
 * Runs every message of the third-party corpus (shared/corpus, see its README) through
 * decodeSamlValue → parseXml → readSamlMessage and checks the facts the corpus catalog extracted.
 * The corpus lives outside the repository: SSO_DOCTOR_CORPUS, ./corpus or ../shared/corpus.
 */
const repoRoot = fileURLToPath(new URL('../../../', import.meta.url));
const corpusDir = [process.env['SSO_DOCTOR_CORPUS'], `${repoRoot}corpus`, `${repoRoot}../shared/corpus`].find(
  (dir): dir is string => dir !== undefined && existsSync(`${dir}/catalog.json`),
);

interface CatalogMessage {
  readonly file: string;
  readonly encoding: string;
  readonly kind: string;
  readonly expected: string;
  readonly expected_detail: string;
  readonly flags?: readonly string[];
  readonly [fact: string]: unknown;
}

const catalog: readonly CatalogMessage[] = corpusDir
  ? (JSON.parse(readFileSync(`${corpusDir}/catalog.json`, 'utf8')) as (CatalogMessage | { expected?: undefined })[]).filter(
      (entry): entry is CatalogMessage => entry.expected !== undefined,
    )
  : [];

/** Catalog messages strict, namespace-aware parseXml refuses, and why (lenient parsing is decided elsewhere). */
const EXPECTED_PARSE_FAILURES: Readonly<Record<string, string>> = {
  'saml2aws/testdata/assertion.xml': 'undeclared saml2: prefix',
  'saml2aws/testdata/assertion_invalid_date.xml': 'undeclared saml2: prefix',
  'saml2aws/testdata/assertion_no_destination.xml': 'undeclared saml2: prefix',
  'node-saml/signatures/invalid/response.root-signed.multiple-root-elements.xml': 'two root elements',
  'ruby-saml/responses/attackxee.xml': 'DOCTYPE with entity declarations',
};

/**
 * Where the catalog builder's extraction differs from a correct reading, by design:
 * - the ECP envelope: the builder read Response-level facts from the SOAP Envelope root (so null);
 * - the PingFederate sample: the builder was namespace-strict and found no assertion (elements in
 *   no namespace); readSamlMessage reads it by local name and marks it `outsideSamlNamespace`.
 */
const CORRECTED_FACTS: Readonly<Record<string, Readonly<Record<string, unknown>>>> = {
  'saml2aws/pkg/provider/shibbolethecp/testdata/ecp_soap_response_success.xml': {
    issuer: 'urn:mace:incommon:example.com',
    destination: 'https://signin.aws.amazon.com/saml',
    issue_instant: '2019-05-29T20:24:58.011Z',
  },
  'saml2aws/testdata/assertion_pingfed.xml': {
    assertion_issuer: 'id:example:com:au:saml2',
    audience: ['urn:amazon:webservices'],
    recipient: 'https://signin.aws.amazon.com/saml',
    not_before: '2016-09-23T23:24:25.315Z',
    not_on_or_after: '2016-09-23T23:34:25.315Z',
    subject_confirmation_not_on_or_after: '2016-09-23T23:34:25.315Z',
    name_id: 'evan.mclean@example.com.au',
    aws_attributes: {
      'https://aws.amazon.com/SAML/Attributes/RoleSessionName': ['evan.mclean'],
      'https://aws.amazon.com/SAML/Attributes/Role': [
        'arn:aws:iam::456456456456:role/admin,arn:aws:iam::456456456456:saml-provider/example-idp',
        'arn:aws:iam::456456456456:role/developer,arn:aws:iam::456456456456:saml-provider/example-idp',
        'arn:aws:iam::789789789789:role/admin,arn:aws:iam::789789789789:saml-provider/example-idp',
        'arn:aws:iam::123123123123:role/developer,arn:aws:iam::123123123123:saml-provider/example-idp',
        'arn:aws:iam::123123123123:role/admin,arn:aws:iam::123123123123:saml-provider/example-idp',
      ],
    },
  },
};

const RESPONSE_FACTS = ['issuer', 'destination', 'issue_instant', 'status', 'status_sub'] as const;
const ASSERTION_FACTS = ['assertion_issuer', 'audience', 'recipient', 'not_before', 'not_on_or_after', 'subject_confirmation_not_on_or_after', 'name_id'] as const;
const REQUEST_FACTS = ['issuer', 'destination', 'issue_instant'] as const;

function capturedValue(entry: CatalogMessage): string {
  const text = readFileSync(`${corpusDir ?? ''}/${entry.file}`, 'utf8');
  if (entry.encoding.startsWith('json')) return (JSON.parse(text) as { SAMLRequest: string }).SAMLRequest;
  if (entry.encoding.startsWith('query-string')) return /(?:^|[?&])SAMLRequest=([^&]*)/.exec(text)?.[1] ?? '';
  return text;
}

function readEntry(entry: CatalogMessage, patch: (xml: string) => string = (xml) => xml): ReturnType<typeof parseXml> {
  const decoded = decodeSamlValue(capturedValue(entry));
  if (!decoded.ok) throw new Error(`${entry.file} does not decode: ${decoded.problems.map((p) => p.message).join('; ')}`);
  return parseXml(patch(decoded.xml));
}

/** The catalog builder trimmed element text and wrote absent or empty values as null. */
function asCatalogText(value: string | undefined): string | null {
  const trimmed = value?.trim();
  return trimmed === undefined || trimmed === '' ? null : trimmed;
}
function asCatalogAttribute(value: string | undefined): string | null {
  return value === undefined || value === '' ? null : value;
}

/** The first assertion in document order, wherever it sits: what the catalog builder read. */
function firstAssertion(response: SamlResponse): SamlAssertion | undefined {
  const all = [...response.assertions, ...(response.nestedAssertions ?? [])];
  // DOCUMENT_POSITION_PRECEDING (2): `other` comes before `best`.
  return all.reduce<SamlAssertion | undefined>((best, other) => (best === undefined || (best.element.compareDocumentPosition(other.element) & 2) !== 0 ? other : best), undefined);
}

function factsOf(message: SamlMessage): Record<string, unknown> {
  if (message.kind === 'Unknown') return {};
  if (message.kind !== 'Response') {
    return { issuer: asCatalogText(message.issuer), destination: asCatalogAttribute(message.destination), issue_instant: asCatalogAttribute(message.issueInstant) };
  }
  const assertion = firstAssertion(message);
  const confirmation = assertion?.subject?.confirmations[0];
  const aws: Record<string, string[]> = {};
  for (const attribute of assertion?.attributes ?? []) {
    if (attribute.name.startsWith('https://aws.amazon.com/SAML/Attributes/')) aws[attribute.name] = [...(aws[attribute.name] ?? []), ...attribute.values.map((v) => v.trim())];
  }
  return {
    issuer: asCatalogText(message.issuer),
    destination: asCatalogAttribute(message.destination),
    issue_instant: asCatalogAttribute(message.issueInstant),
    status: asCatalogAttribute(message.status?.code),
    status_sub: asCatalogAttribute(message.status?.subCode),
    assertion_issuer: asCatalogText(assertion?.issuer),
    audience: assertion?.conditions ? assertion.conditions.audiences.map((a) => a.trim()) : null,
    recipient: asCatalogAttribute(confirmation?.recipient),
    not_before: asCatalogAttribute(assertion?.conditions?.notBefore),
    not_on_or_after: asCatalogAttribute(assertion?.conditions?.notOnOrAfter),
    subject_confirmation_not_on_or_after: asCatalogAttribute(confirmation?.notOnOrAfter),
    name_id: asCatalogText(assertion?.subject?.nameId?.value),
    aws_attributes: Object.keys(aws).length > 0 ? aws : null,
  };
}

function expectedFacts(entry: CatalogMessage, names: readonly string[]): Record<string, unknown> {
  const corrected = CORRECTED_FACTS[entry.file] ?? {};
  return Object.fromEntries(names.map((name) => [name, name in corrected ? corrected[name] : (entry[name] ?? null)]));
}

function pick(facts: Record<string, unknown>, names: readonly string[]): Record<string, unknown> {
  return Object.fromEntries(names.map((name) => [name, facts[name] ?? null]));
}

function asResponse(message: SamlMessage): SamlResponse {
  if (message.kind !== 'Response') throw new Error(`expected a Response, got ${message.kind}`);
  return message;
}

function byFile(file: string): CatalogMessage {
  const entry = catalog.find((e) => e.file === file);
  if (!entry) throw new Error(`${file} is not in the catalog`);
  return entry;
}

function readCorpusResponse(file: string, patch?: (xml: string) => string): SamlResponse {
  const parsed = readEntry(byFile(file), patch);
  if (!parsed.ok) throw new Error(`${file} does not parse: ${parsed.problems.map((p) => p.message).join('; ')}`);
  return asResponse(readSamlMessage(parsed.root));
}

const parseable = catalog.filter((entry) => !(entry.file in EXPECTED_PARSE_FAILURES));

describe.skipIf(corpusDir === undefined)('readSamlMessage over the corpus', () => {
  it('finds the whole catalog: 151 messages, 5 of them known to be unparseable', () => {
    expect(catalog).toHaveLength(151);
    expect(catalog.filter((entry) => entry.file in EXPECTED_PARSE_FAILURES)).toHaveLength(Object.keys(EXPECTED_PARSE_FAILURES).length);
  });

  it.each(Object.entries(EXPECTED_PARSE_FAILURES))('refuses %s (%s) at parse time', (file) => {
    const parsed = readEntry(byFile(file));
    expect(parsed.ok).toBe(false);
  });

  describe.each(parseable.map((entry) => ({ file: entry.file, entry })))('$file', ({ entry }) => {
    const parsed = readEntry(entry);
    const message = parsed.ok ? readSamlMessage(parsed.root) : undefined;

    it('parses and is read as the kind the catalog names', () => {
      expect(parsed.problems.filter((p) => p.severity === 'error')).toEqual([]);
      const kinds: Record<string, string> = { response: 'Response', 'soap-envelope': 'Response', authnrequest: 'AuthnRequest', logoutrequest: 'LogoutRequest' };
      expect(message?.kind).toBe(kinds[entry.kind]);
    });

    it('yields the facts the catalog extracted', () => {
      if (message === undefined) throw new Error('not parsed');
      const facts = factsOf(message);
      if (message.kind !== 'Response') {
        expect(pick(facts, REQUEST_FACTS)).toEqual(expectedFacts(entry, REQUEST_FACTS));
        return;
      }
      expect(pick(facts, RESPONSE_FACTS)).toEqual(expectedFacts(entry, RESPONSE_FACTS));
      const readable = message.assertions.length + (message.nestedAssertions?.length ?? 0);
      if (readable === 0 && (entry.flags ?? []).includes('encrypted-assertion')) {
        // The catalog's assertion facts come from the decrypted assertion, which only the SP key reveals.
        expect(message.encryptedAssertionCount).toBeGreaterThan(0);
        return;
      }
      expect(pick(facts, [...ASSERTION_FACTS, 'aws_attributes'])).toEqual(expectedFacts(entry, [...ASSERTION_FACTS, 'aws_attributes']));
    });

    it('agrees with the catalog flags on assertion count and comment injection', () => {
      if (message?.kind !== 'Response') return;
      const flags = entry.flags ?? [];
      const multiple = flags.map((flag) => /^multiple-assertions:(\d+)$/.exec(flag)?.[1]).find((n) => n !== undefined);
      const total = message.assertions.length + (message.nestedAssertions?.length ?? 0);
      if (multiple !== undefined) expect(total).toBe(Number(multiple));
      else expect(total).toBeLessThanOrEqual(1);
      if (flags.includes('encrypted-assertion')) expect(message.encryptedAssertionCount + (message.nestedEncryptedAssertionCount ?? 0)).toBeGreaterThan(0);
      const nameId = firstAssertion(message)?.subject?.nameId;
      if (flags.includes('comment-inside-nameid')) {
        expect(nameId?.hasCommentOrCdata).toBe(true);
        expect(nameId?.firstTextNode).not.toBe(nameId?.value);
      }
    });
  });
});

describe.skipIf(corpusDir === undefined)('readSamlMessage on the AWS-targeted corpus files', () => {
  /** Declares the prefix saml2aws forgot, so the rest of these sanitized ADFS samples can be checked. */
  const declareSaml2 = (xml: string) => xml.replace('<samlp:Response ', '<samlp:Response xmlns:saml2="urn:oasis:names:tc:SAML:2.0:assertion" ');

  it.each(['saml2aws/testdata/assertion.xml', 'saml2aws/testdata/assertion_invalid_date.xml', 'saml2aws/testdata/assertion_no_destination.xml'])(
    'reads %s once its saml2: prefix is declared, with the catalog facts',
    (file) => {
      const entry = byFile(file);
      const response = readCorpusResponse(file, declareSaml2);
      const facts = factsOf(response);
      const names = [...RESPONSE_FACTS, ...ASSERTION_FACTS, 'aws_attributes'];
      expect(pick(facts, names)).toEqual(expectedFacts(entry, names));
    },
  );

  it('extracts 2 provider-first roles, SessionDuration 28800 and the AWS destination from the saml2aws ADFS sample', () => {
    const [assertion] = readCorpusResponse('saml2aws/testdata/assertion.xml', declareSaml2).assertions;
    expect(assertion?.aws.roles.map((r) => [r.roleName, r.providerName, r.order, r.accountId, r.issues])).toEqual([
      ['AWS-Admin-CloudOPSBuild', 'ExampleADFS', 'provider-first', '123123123123', []],
      ['AWS-Admin-CloudOPSNonProd', 'ExampleADFS', 'provider-first', '123123123123', []],
    ]);
    expect(assertion?.aws.sessionDuration).toEqual(['28800']);
    expect(readCorpusResponse('saml2aws/testdata/assertion.xml', declareSaml2).destination).toBe('https://signin.aws.amazon.com/saml');
  });

  it('has no Destination but an AWS Recipient in the saml2aws no-destination sample', () => {
    const response = readCorpusResponse('saml2aws/testdata/assertion_no_destination.xml', declareSaml2);
    expect(response.destination).toBeUndefined();
    expect(response.assertions[0]?.subject?.confirmations[0]?.recipient).toBe('https://signin.aws.amazon.com/saml');
  });

  it('keeps the unparseable SubjectConfirmationData NotOnOrAfter of the saml2aws invalid-date sample as written', () => {
    const response = readCorpusResponse('saml2aws/testdata/assertion_invalid_date.xml', declareSaml2);
    const notOnOrAfter = response.assertions[0]?.subject?.confirmations[0]?.notOnOrAfter;
    expect(notOnOrAfter).toBe('This-is-invalid-2016-09-10F32:59:39.387Z');
    expect(Number.isNaN(Date.parse(notOnOrAfter ?? ''))).toBe(true);
  });

  it('reads the no-namespace PingFederate sample by local name, flags it and sees the padded values', () => {
    const response = readCorpusResponse('saml2aws/testdata/assertion_pingfed.xml');
    expect(response.outsideSamlNamespace).toBe(true);
    const [assertion] = response.assertions;
    expect(assertion?.issuer).toMatch(/^\s+id:example:com:au:saml2\s+$/);
    expect(assertion?.aws.roles).toHaveLength(5);
    expect(assertion?.aws.roles.every((r) => r.issueCodes?.join() === 'whitespace' && r.roleArn !== undefined)).toBe(true);
    expect(assertion?.aws.roleSessionName?.[0]).toMatch(/^\s+evan\.mclean\s+$/);
  });

  it('reads the Entra ID sample: 2 role-first roles in two accounts', () => {
    const [assertion] = readCorpusResponse('saml2aws/pkg/provider/aad/testdata/SAMLResponse.xml').assertions;
    expect(assertion?.aws.roles.map((r) => [r.order, r.accountId, r.roleName, r.providerName, r.issues.length])).toEqual([
      ['role-first', '012345678901', 'example_role', 'EXAMPLE_PROVIDER', 0],
      ['role-first', '123456789012', 'example_role', 'EXAMPLE_PROVIDER', 0],
    ]);
  });

  it('extracts the non-empty assertion from the Shibboleth ECP SOAP envelope', () => {
    const response = readCorpusResponse('saml2aws/pkg/provider/shibbolethecp/testdata/ecp_soap_response_success.xml');
    expect(response.inSoapEnvelope).toBe(true);
    expect(response.assertions).toHaveLength(1);
    expect(response.assertions[0]?.aws.roles.map((r) => [r.order, r.roleName, r.providerName])).toEqual([['provider-first', 'administrator', 'idp.example.com']]);
    expect(response.assertions[0]?.aws.roleSessionName).toEqual(['user@example.com']);
  });

  it.each(['valid-response.xml', 'saml-response-no-expire.xml', 'saml-response-too-late.xml', 'saml-response-too-soon.xml'])(
    'extracts 3 well-formed role-first roles and SessionDuration 28800 from aws-google-auth %s',
    (name) => {
      const [assertion] = readCorpusResponse(`aws-google-auth/tests/${name}`).assertions;
      expect(assertion?.aws.roles.map((r) => [r.roleName, r.providerName, r.order, r.issues.length])).toEqual([
        ['admin', 'GoogleApps', 'role-first', 0],
        ['read-only', 'GoogleApps', 'role-first', 0],
        ['test', 'GoogleApps', 'role-first', 0],
      ]);
      expect(assertion?.aws.sessionDuration).toEqual(['28800']);
    },
  );

  it('still yields 3 roles from the too-many-commas sample and records the extra comma on each', () => {
    const [assertion] = readCorpusResponse('aws-google-auth/tests/too-many-commas.xml').assertions;
    expect(assertion?.aws.roles.map((r) => [r.roleName, r.providerName, r.issueCodes])).toEqual([
      ['admin', 'GoogleApps', ['extra-comma']],
      ['read-only', 'GoogleApps', ['extra-comma']],
      ['test', 'GoogleApps', ['extra-comma']],
    ]);
  });

  it('reads the full comment-split NameID of the kolide Salesforce sample and what a naive reader would see', () => {
    const nameId = readCorpusResponse('kolide-fleet/server/sso/authorization_response_test.go.TestDecodeWithCommentInName.b64').assertions[0]?.subject?.nameId;
    expect(nameId).toMatchObject({ value: 'john@kolide.co', firstTextNode: 'john@kol', hasCommentOrCdata: true });
  });

  it('sees no AWS Role attribute in the Salesforce samples (not an AWS-targeted app)', () => {
    const [assertion] = readCorpusResponse('kolide-fleet/server/sso/validate_test.go.testResponse.salesforce.b64').assertions;
    expect(assertion?.aws.roleValues).toBeUndefined();
    expect(assertion?.attributes.map((a) => a.name)).not.toContain(AWS_ATTRIBUTE.role);
  });
});
