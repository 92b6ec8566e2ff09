import { Buffer } from 'node:buffer';
import { DOMParser } from '@xmldom/xmldom';
import { formatMs, formatRatio, type BenchRow, type SectionResult, skippedSection } from '../bench-result.ts';
import type { BenchSettings } from '../bench-settings.ts';
import { buildBenchResponse } from '../build-bench-response.ts';
import { loadOptional, missingFunctions } from '../load-optional.ts';
import { measureInterleaved, ratioStats, timeStats } from '../measure-interleaved.ts';
import { describeProfile, profileOperation } from '../profile-operation.ts';
import { measureDiagnosisInChromium } from '../measure-diagnosis-in-chromium.ts';
import { recordWebCryptoCalls, replayWebCryptoCalls } from '../record-web-crypto-calls.ts';
import { describeSpread, summarizeSamples, type SampleStats } from '../summarize-samples.ts';

const TITLE = 'Full diagnosis vs floor';
const METHOD =
  'A Salesforce-shaped response (both Response and Assertion signed, RSA-SHA256, Salesforce standard attributes) in a captured flow ' +
  '(idp/login → POST /saml → federate → CCP), diagnosed with the AWS-side metadata as trust anchor: `diagnoseFlow` = binding decode, safe parse, ' +
  'SAML model, both signatures, certificate checks, every scenario, ranking. Floor: `Buffer.from(value, "base64")` + xmldom `parseFromString` of the same value. ' +
  'All operations are timed in the same rounds (interleaved), the ratio is taken per round. Details also give the ratio of the best rounds and of process CPU time (all threads), two estimators less sensitive to other jobs on the machine.';

/** Section 1: what a whole diagnosis costs compared with merely reading the XML. */
export async function benchDiagnosisVsFloor(settings: BenchSettings): Promise<SectionResult> {
  const loaded = await loadOptional(
    'src/core/diagnosis/diagnose.ts and friends',
    async () => ({
      diagnose: await import('../../src/core/diagnosis/diagnose.ts'),
      analyzeFlow: await import('../../src/core/diagnosis/analyze-flow.ts'),
      analyze: await import('../../src/core/analysis/analyze-saml-value.ts'),
      decode: await import('../../src/core/binding/decode-saml-value.ts'),
      parse: await import('../../src/core/xml/parse-xml.ts'),
      verify: await import('../../src/core/signature/verify-xml-signatures.ts'),
      metadata: await import('../../src/core/metadata/read-idp-metadata.ts'),
      builder: await import('../../src/testing/saml-builder.ts'),
    }),
    (m) =>
      missingFunctions(m.diagnose, ['diagnoseFlow', 'diagnose']) ??
      missingFunctions(m.analyzeFlow, ['analyzeFlow']) ??
      missingFunctions(m.analyze, ['analyzeSamlValue']) ??
      missingFunctions(m.verify, ['verifyXmlSignatures']) ??
      missingFunctions(m.builder, ['createTestIdp', 'buildSalesforceResponse', 'flowWithSamlPost', 'buildIdpMetadataXml']),
  );
  if (!loaded.ok) return skippedSection('diagnosis', TITLE, METHOD, `not available yet: ${loaded.reason}`);
  const { diagnose, analyzeFlow, analyze, decode, parse, verify, metadata, builder } = loaded.value;

  const idp = await builder.createTestIdp();
  const xml = buildBenchResponse(idp);
  const flow = builder.flowWithSamlPost(xml);
  const value = builder.encodePost(xml);
  const context = { ...builder.testContext(), metadata: await metadata.readIdpMetadata(builder.buildIdpMetadataXml(idp)) };
  const trustedCertificates = [idp.certificateDer];

  // The work must really happen: a healthy verdict with two valid signatures.
  const check = await diagnose.diagnoseFlow(flow, context);
  const analysed = await analyzeFlow.analyzeFlow(flow, context);
  const outcomes = analysed.hops.flatMap((hop) => hop.saml?.signatures?.signatures.map((signature) => signature.outcome) ?? []);
  const notes: string[] = [];
  if (check.primary.id !== 'sso-healthy' || outcomes.length !== 2 || outcomes.some((outcome) => outcome !== 'valid')) {
    notes.push(`Sanity check failed: expected sso-healthy with two valid signatures, got ${check.primary.id} with [${outcomes.join(', ')}]; the figures below may not measure the full work.`);
  }
  const parsedOnce = parse.parseXml(xml);
  if (!parsedOnce.ok) return skippedSection('diagnosis', TITLE, METHOD, `not available yet: parseXml refuses the bench response (${parsedOnce.problems[0]?.message ?? '?'})`);

  // The WebCrypto part of one diagnosis, replayed alone: the same digests and RSA verifications
  // with the same keys and bytes, issued together as the verifier issues them.
  const cryptoCalls = await recordWebCryptoCalls(() => diagnose.diagnoseFlow(flow, context));

  const measurement = await measureInterleaved(
    [
      // A new parser per call, as parseXml does.
      { name: 'floor', run: () => new DOMParser().parseFromString(Buffer.from(value, 'base64').toString('utf8'), 'text/xml') },
      { name: 'diagnoseFlow', run: () => diagnose.diagnoseFlow(flow, context) },
      { name: 'analyzeSamlValue', run: () => analyze.analyzeSamlValue(value, 'SAMLResponse', { trustedCertificates }) },
      {
        name: 'decode+parseXml',
        run: () => {
          const decoded = decode.decodeSamlValue(value);
          return decoded.ok ? parse.parseXml(decoded.xml) : decoded;
        },
      },
      { name: 'verifyXmlSignatures', run: () => verify.verifyXmlSignatures(parsedOnce.document, { trustedCertificates }) },
      { name: 'scenarios', run: () => diagnose.diagnose(analysed, context) },
      { name: 'webcrypto', run: () => replayWebCryptoCalls(cryptoCalls) },
    ],
    settings,
  );

  const floor = timeStats(measurement, 'floor');
  const row = (name: string, label: string, target: boolean): BenchRow =>
    ratioRow(
      label,
      ratioStats(measurement, name, 'floor'),
      target,
      `median ${formatMs(timeStats(measurement, name).median)} vs floor ${formatMs(floor.median)}; ` +
        `best ${formatMs(timeStats(measurement, name).min)} vs ${formatMs(floor.min)} (${formatRatio(timeStats(measurement, name).min / floor.min)}); ` +
        `CPU-time ratio ${formatRatio(ratioStats(measurement, name, 'floor', 'cpu').median)}`,
    );
  const headline = row('diagnoseFlow', 'diagnoseFlow (everything) / floor', true);
  const cryptoRow = row('webcrypto', `  of which WebCrypto alone (the diagnosis's ${describeCalls(cryptoCalls)}, replayed) / floor`, false);
  const withoutCrypto = ratioStats(measurement, 'diagnoseFlow', 'floor').median - ratioStats(measurement, 'webcrypto', 'floor').median;

  // The same measurement in the engine the extension runs in: the worker is Chromium's V8, with
  // Chromium's WebCrypto, not Node's.
  const inChromium = await measureDiagnosisInChromium({
    flow,
    value,
    metadataXml: builder.buildIdpMetadataXml(idp),
    rounds: settings.runs,
    warmupRounds: Math.max(settings.warmupRuns, settings.quick ? 3 : 15),
    minBatchMs: settings.minBatchMs,
  }).catch((error: unknown) => ({ ok: false as const, reason: error instanceof Error ? error.message : String(error) }));
  const chromiumRows: BenchRow[] = [];
  if (inChromium.ok) {
    const { samples, primaryId, signatureOutcomes, userAgent } = inChromium.result;
    const floorSamples = samples['floor'] ?? [];
    const chromiumRow = (name: string, label: string, target: boolean): BenchRow =>
      ratioRow(
        label,
        summarizeSamples((samples[name] ?? []).map((time, index) => time / (floorSamples[index] ?? Number.NaN))),
        target,
        `median ${formatMs(summarizeSamples(samples[name] ?? []).median)} vs floor ${formatMs(summarizeSamples(floorSamples).median)} (Uint8Array.fromBase64 + TextDecoder + xmldom)`,
      );
    chromiumRows.push(
      chromiumRow('diagnoseFlow', `in Chromium (${/HeadlessChrome\/(\d+)/.exec(userAgent)?.[1] ?? '?'}, the extension's engine): diagnoseFlow / floor`, true),
      chromiumRow('webcrypto', '  in Chromium: of which WebCrypto alone (replayed) / floor', false),
    );
    if (primaryId !== 'sso-healthy' || signatureOutcomes.some((outcome) => outcome !== 'valid')) {
      notes.push(`Sanity check in Chromium failed: expected sso-healthy with valid signatures, got ${primaryId} with [${signatureOutcomes.join(', ')}].`);
    }
  } else {
    notes.push(`Not measured in Chromium: ${inChromium.reason}.`);
  }

  if ((headline.measured ?? 0) > 2) {
    notes.push(
      `Where the gap is. The floor is one xmldom parse; the diagnosis parses once too (decode + safe parse alone is about the floor), then reads the DOM through xmldom's accessors (SAML model, two exclusive canonicalizations of about 8 and 6 KB), hashes and verifies twice with WebCrypto, checks the certificates and runs 35 scenarios. ` +
        `The ${String(cryptoCalls.length)} WebCrypto calls alone come to ${cryptoRow.value} of the floor in Node (each is a job on libuv's thread pool) and ${chromiumRows[1]?.value ?? '?'} in Chromium; everything else after the parse comes to about ${formatRatio(Math.max(0, withoutCrypto - 1))}, spread over many parts (profile below), none of which is larger than a third of a parse. ` +
        'Meeting ≤ 2.0× would need all of the checks together to cost less than xmldom takes to read the message once; the figure was 9.3× before this issue and the remaining parts are each close to what their work costs.',
    );
  }
  if ((headline.measured ?? 0) > 2) {
    notes.push(describeProfile('diagnoseFlow on the 8 KB response', await profileOperation(() => diagnose.diagnoseFlow(flow, context), settings.quick ? 1000 : 3000)));
  }
  return {
    id: 'diagnosis',
    title: TITLE,
    status: 'done',
    method: `${METHOD} Response: ${String(xml.length)} bytes of XML, ${String(value.length)} characters of base64.`,
    rows: [
      headline,
      row('analyzeSamlValue', '  of which analyzeSamlValue (decode, parse, model, signatures) / floor', false),
      row('decode+parseXml', '  of which decodeSamlValue + parseXml (safe parse) / floor', false),
      row('verifyXmlSignatures', '  of which verifyXmlSignatures (parsed document) / floor', false),
      row('scenarios', '  of which diagnose (scenarios + ranking, analysed flow) / floor', false),
      cryptoRow,
      ...chromiumRows,
    ],
    notes,
  };
}

/** A row for a per-round ratio against the floor; the headline rows carry the issue's ≤ 2.0× target. */
function ratioRow(label: string, ratio: SampleStats, target: boolean, detail: string): BenchRow {
  return {
    label,
    value: formatRatio(ratio.median),
    measured: ratio.median,
    ...(target ? { target: { max: 2.0, text: '≤ 2.0×' } } : {}),
    spread: describeSpread(ratio, formatRatio),
    detail,
  };
}

function describeCalls(calls: readonly { readonly method: string }[]): string {
  const digests = calls.filter((call) => call.method === 'digest').length;
  const verifies = calls.filter((call) => call.method === 'verify').length;
  return `${String(digests)} digest${digests === 1 ? '' : 's'} + ${String(verifies)} signature verification${verifies === 1 ? '' : 's'}`;
}
