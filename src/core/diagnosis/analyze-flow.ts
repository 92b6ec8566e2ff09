import { analyzeSamlValue } from '../analysis/analyze-saml-value.ts';
import { decodeCleanBase64 } from '../binding/decode-saml-value.ts';
import { BoundedMemo } from '../certificate/bounded-memo.ts';
import { problem } from '../problem.ts';
import type { RedactionAttestation } from '../redaction/redaction-attestation.ts';
import { keyInfoCertificates, type SamlAnalysis } from '../analysis/saml-analysis.ts';
import type { CertificateInfo } from '../certificate/certificate-info.ts';
import type { Flow } from '../flow/flow.ts';
import type { AnalyzedFlow, AnalyzedHop } from './analyzed-flow.ts';
import type { DiagnosisContext } from './diagnosis-context.ts';

/** At most this many SAML values are analysed per flow (a flow is one attempt; real ones carry one). */
const MAX_SAML_VALUES_PER_FLOW = 16;

/**
 * Analyses every SAML value the flow's hops carried (the slow, asynchronous part: decoding and
 * signature crypto), so that scenarios can stay pure and synchronous.
 *
 * Trust anchors are what the AWS side trusts: the signing certificates of `context.metadata`, plus
 * any certificate a signature carries whose fingerprint is one of
 * `context.expectedCertificateFingerprints` (a fingerprint alone cannot verify anything, so such
 * a certificate is taken from the message and the value is checked again with it trusted).
 */
export async function analyzeFlow(flow: Flow, context: DiagnosisContext): Promise<AnalyzedFlow> {
  const metadataCertificates = context.metadata?.signingCertificates ?? [];
  const metadataAnchors = metadataCertificates.flatMap((certificate) => derOf(certificate));
  const anchorFingerprints = new Set(metadataCertificates.map((certificate) => normalizeFingerprint(certificate.sha256Fingerprint)));
  const expected = new Set((context.expectedCertificateFingerprints ?? []).map(normalizeFingerprint));
  const hops: AnalyzedHop[] = [];
  let analysed = 0;
  for (const hop of flow.hops) {
    const oversized = hop.saml?.oversized;
    if (oversized !== undefined) {
      hops.push({ hop, saml: oversizedAnalysis(oversized.parameter, oversized.length) });
      continue;
    }
    const value = hop.saml?.SAMLResponse ?? hop.saml?.SAMLRequest;
    if (value === undefined || analysed >= MAX_SAML_VALUES_PER_FLOW) {
      hops.push({ hop, saml: undefined });
      continue;
    }
    analysed++;
    const parameter = hop.saml?.SAMLResponse !== undefined ? 'SAMLResponse' : 'SAMLRequest';
    hops.push({ hop, saml: await analyzeWithAnchors(value, parameter, { anchors: metadataAnchors, anchorFingerprints }, expected, hop.redaction) });
  }
  return { flow, hops };
}

async function analyzeWithAnchors(
  value: string,
  parameter: 'SAMLResponse' | 'SAMLRequest',
  trust: { readonly anchors: readonly Uint8Array[]; readonly anchorFingerprints: ReadonlySet<string> },
  expectedFingerprints: ReadonlySet<string>,
  attestation: RedactionAttestation | undefined,
): Promise<SamlAnalysis> {
  const { anchors, anchorFingerprints } = trust;
  const attested = attestation === undefined ? {} : { attestation };
  const first = await analyzeSamlValue(value, parameter, { trustedCertificates: anchors, ...attested });
  if (expectedFingerprints.size === 0) return first;
  // Checking again only changes something for a signature a trusted key has not verified yet,
  // and only when the expected certificate is not among the anchors already.
  const checks = first.signatures?.signatures ?? [];
  if (checks.length > 0 && checks.every((check) => check.signatureValueVerifiedBy === 'trusted')) return first;
  const trustedFingerprints = new Set<string>();
  const extra = keyInfoCertificates(first).filter(
    (certificate) =>
      !anchorFingerprints.has(normalizeFingerprint(certificate.sha256Fingerprint)) &&
      (expectedFingerprints.has(normalizeFingerprint(certificate.sha256Fingerprint)) || expectedFingerprints.has(normalizeFingerprint(certificate.sha1Fingerprint))),
  );
  for (const certificate of extra) trustedFingerprints.add(certificate.sha256Fingerprint);
  if (trustedFingerprints.size === 0) return first;
  return analyzeSamlValue(value, parameter, { trustedCertificates: [...anchors, ...extra.flatMap((certificate) => derOf(certificate))], ...attested });
}

/** Normalised fingerprints already computed; a diagnosis compares the same few many times. */
const NORMALIZED_FINGERPRINTS = new BoundedMemo<string>(256);

/** Fingerprints compare without colons, spaces or case: consoles print them differently. */
export function normalizeFingerprint(fingerprint: string): string {
  return NORMALIZED_FINGERPRINTS.get(fingerprint, () => fingerprint.replace(/[^0-9a-f]/gi, '').toUpperCase());
}

/** DER of each trusted certificate, decoded once per certificate object (contexts are reused). */
const DER_OF = new WeakMap<CertificateInfo, Uint8Array[]>();

function derOf(certificate: CertificateInfo): Uint8Array[] {
  let der = DER_OF.get(certificate);
  if (der === undefined) {
    der = decodeDer(certificate.derBase64);
    DER_OF.set(certificate, der);
  }
  return der;
}

function decodeDer(derBase64: string): Uint8Array[] {
  const decoded = decodeCleanBase64(derBase64);
  return decoded === undefined ? [] : [decoded.bytes];
}

/** A value the capture refused to store: reported as undecodable, with its size. */
function oversizedAnalysis(parameter: 'SAMLResponse' | 'SAMLRequest', length: number): SamlAnalysis {
  const problems = [
    problem(
      'input-too-large',
      'error',
      `The ${parameter} was ${String(length)} characters long and was not kept: AWS sign-in accepts at most 100,000, and no real SAML response comes near that size.`,
    ),
  ];
  return { parameter, decoding: { ok: false, problems }, message: undefined, signatures: undefined, problems };
}
