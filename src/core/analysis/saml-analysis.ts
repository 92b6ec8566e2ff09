import type { SamlValueDecoding } from '../binding/decode-saml-value.ts';
import type { CertificateInfo } from '../certificate/certificate-info.ts';
import type { SamlMessage } from '../message/saml-message.ts';
import type { Problem } from '../problem.ts';
import type { SignatureReport } from '../signature/signature-check.ts';

/**
 * Everything the core learnt from one SAML value: decoding, parsing, the model, the signature
 * checks. Holds DOM nodes, so it lives in memory only; summaries are derived for storage and UI.
 */
export interface SamlAnalysis {
  /** Which parameter the value came from. */
  readonly parameter: 'SAMLResponse' | 'SAMLRequest' | 'file';
  readonly decoding: SamlValueDecoding;
  /** Undefined when decoding failed or parsing failed. */
  readonly message: SamlMessage | undefined;
  readonly signatures: SignatureReport | undefined;
  /** Every problem from every stage, in stage order. */
  readonly problems: readonly Problem[];
  /**
   * Where the signature outcomes come from: `attested` when they were read from the redaction
   * attestation of a re-imported redacted value (not re-verified); absent means `verified`.
   */
  readonly signatureBasis?: SignatureBasis;
}

/** Whether signature outcomes were verified here or taken from a redaction attestation. */
export type SignatureBasis = 'verified' | 'attested';

/** Certificates a signature's KeyInfo carried, first signature first, deduplicated by fingerprint. */
export function keyInfoCertificates(analysis: SamlAnalysis): CertificateInfo[] {
  const seen = new Map<string, CertificateInfo>();
  for (const check of analysis.signatures?.signatures ?? []) {
    for (const certificate of check.keyInfoCertificates) seen.set(certificate.sha256Fingerprint, certificate);
  }
  return [...seen.values()];
}
