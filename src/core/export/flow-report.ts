import type { Diagnosis } from '../diagnosis/diagnosis.ts';
import type { DiagnosisContext } from '../diagnosis/diagnosis-context.ts';
import { analyzeFlow, normalizeFingerprint } from '../diagnosis/analyze-flow.ts';
import type { Flow } from '../flow/flow.ts';
import { createRedactor, type AccountIdStyle, type Redactor } from '../redaction/create-redactor.ts';
import { learnReportIdentities } from '../redaction/learn-report-identities.ts';
import { createRedactionAttestation } from '../redaction/create-redaction-attestation.ts';
import type { AttestedSignature, RedactionAttestation } from '../redaction/redaction-attestation.ts';
import type { RedactionReceipt } from '../redaction/redaction-receipt.ts';
import { redactDiagnosis } from '../redaction/redact-diagnosis.ts';
import { redactFlow } from '../redaction/redact-flow.ts';
import { findLiveCredentials, type LiveCredential } from './find-live-credentials.ts';

export interface FlowReportOptions {
  readonly redact: boolean;
  /** Random per report, from the caller (the core reads no randomness); never exported. */
  readonly salt: string;
  /** ISO-8601 time of the export. */
  readonly now: string;
  readonly accountIds: AccountIdStyle;
  /** Markdown and JSON carry the whole diagnosis; the HAR only the verdict id. */
  readonly withDiagnosis: boolean;
  /** The HAR carries the signature outcomes of the original as attestations. */
  readonly withAttestations: boolean;
  /** The diagnosis context: its trust anchors for the attestations, its Connect users for the redaction. */
  readonly context?: DiagnosisContext;
}

/** What the renderers print: the flow and diagnosis, redacted unless asked otherwise, and the receipt. */
export interface FlowReport {
  readonly generatedAt: string;
  readonly redacted: boolean;
  /** SAML responses of the ORIGINAL flow still valid at `generatedAt` (bearer credentials). */
  readonly liveCredentials: readonly LiveCredential[];
  readonly flow: Flow;
  /** Undefined when the format does not carry it (HAR). */
  readonly diagnosis: Diagnosis | undefined;
  readonly primaryFindingId: string;
  readonly evaluatedAt: string;
  /** Signature attestations by hop id (redacted HAR only). */
  readonly attestations: Readonly<Record<string, RedactionAttestation>>;
  readonly receipt: RedactionReceipt;
}

export async function buildFlowReport(flow: Flow, diagnosis: Diagnosis, options: FlowReportOptions): Promise<FlowReport> {
  const liveCredentials = findLiveCredentials(flow, options.now);
  const base = { generatedAt: options.now, liveCredentials, primaryFindingId: diagnosis.primary.id, evaluatedAt: diagnosis.evaluatedAt };
  if (!options.redact) {
    return {
      ...base,
      redacted: false,
      flow,
      diagnosis: options.withDiagnosis ? diagnosis : undefined,
      attestations: {},
      receipt: [{ field: 'Everything (unredacted export)', action: 'kept', count: 1 }],
    };
  }

  const redactor = createRedactor(options.salt, { accountIds: options.accountIds });
  learnReportIdentities({ flow, diagnosis, people: (options.context?.connectUsers ?? []).map((user) => user.username) }, redactor);
  const redactedFlow = redactFlow(flow, redactor);
  const redactedDiagnosis = options.withDiagnosis ? redactDiagnosis(diagnosis, redactor) : undefined;
  const attestations = options.withAttestations ? await attest(flow, redactedFlow, diagnosis, options, redactor) : {};
  return { ...base, redacted: true, flow: redactedFlow, diagnosis: redactedDiagnosis, attestations, receipt: redactor.receipt() };
}

/**
 * Verifies the original SAML values again (with the diagnosis context's trust anchors, as the
 * diagnosis did) and records the outcomes for the redacted values that replace them.
 */
async function attest(original: Flow, redacted: Flow, diagnosis: Diagnosis, options: FlowReportOptions, redactor: Redactor): Promise<Record<string, RedactionAttestation>> {
  const context = options.context ?? { now: options.now };
  const analyzed = await analyzeFlow(original, context);
  const trustedFingerprints = [
    ...(context.metadata?.signingCertificates ?? []).map((certificate) => certificate.sha256Fingerprint),
    ...(context.expectedCertificateFingerprints ?? []),
  ].map(normalizeFingerprint);
  const out: Record<string, RedactionAttestation> = {};
  analyzed.hops.forEach((entry, index) => {
    const redactedHop = redacted.hops[index];
    if (entry.saml === undefined || redactedHop === undefined) return;
    const parameter = entry.hop.saml?.SAMLResponse !== undefined ? 'SAMLResponse' : 'SAMLRequest';
    const redactedValue = redactedHop.saml?.[parameter];
    if (redactedValue === undefined || entry.saml.signatures === undefined) return;
    const attestation = createRedactionAttestation({ analysis: entry.saml, parameter, redactedValue, trustedFingerprints, now: options.now }, redactor);
    out[redactedHop.id] = options.context === undefined ? withDiagnosedOutcomes(attestation, diagnosis, entry.hop.id) : attestation;
  });
  return out;
}

/**
 * Without the context, the re-verification above had no trust anchors; the diagnosis may have
 * had some. Its outcomes for the message it summarised are the ones the verdict rests on.
 */
function withDiagnosedOutcomes(attestation: RedactionAttestation, diagnosis: Diagnosis, hopId: string): RedactionAttestation {
  const message = diagnosis.message;
  if (message?.hopId !== hopId) return attestation;
  const signatures = attestation.signatures.map((signature): AttestedSignature => {
    const summary = message.signatures[signature.index];
    if (summary === undefined || summary.signedElement !== signature.signedElementPath || summary.outcome === signature.outcome) return signature;
    const wrongCertificate = summary.outcome === 'invalid' && signature.digestsValid && signature.signatureValueVerifiedBy === 'keyinfo';
    // eslint-disable-next-line @typescript-eslint/no-unused-vars -- replaced by the diagnosis's own below
    const { verifiedWith, ...rest } = signature;
    return { ...rest, outcome: summary.outcome, wrongCertificate, ...(summary.verifiedWith === undefined ? {} : { verifiedWith: summary.verifiedWith }) };
  });
  return { ...attestation, signatures };
}
