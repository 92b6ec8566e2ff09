import type { SignatureBasis } from '../analysis/saml-analysis.ts';
import type { CertificateInfo } from '../certificate/certificate-info.ts';
import type { SignatureOutcome } from '../signature/signature-check.ts';
import type { Finding } from './finding.ts';

/**
 * The verdict on one flow: the primary finding (most likely root cause) first, then the rest.
 * JSON-serialisable; this is what the worker stores and the popup, report page and CLI show.
 */
export interface Diagnosis {
  readonly flowId: string;
  /** ISO-8601 evaluation time. */
  readonly evaluatedAt: string;
  readonly primary: Finding;
  /** All findings, primary first, then by severity and rank. */
  readonly findings: readonly Finding[];
  /** The SAML response the flow carried, summarised for display (absent when none was seen). */
  readonly message?: MessageSummary;
}

/** Display-ready facts from the SAML message (serialisable; no DOM). */
export interface MessageSummary {
  readonly hopId: string;
  readonly kind: string;
  readonly binding: string;
  /** The decoded XML exactly as received (the report shows it raw and pretty-printed). */
  readonly xml: string;
  readonly id?: string;
  readonly issuer?: string;
  readonly destination?: string;
  readonly issueInstant?: string;
  readonly statusCode?: string;
  readonly statusMessage?: string;
  readonly assertionCount: number;
  readonly encryptedAssertionCount: number;
  readonly assertion?: {
    readonly id?: string;
    readonly issuer?: string;
    readonly nameId?: string;
    readonly nameIdFormat?: string;
    readonly recipient?: string;
    readonly subjectNotOnOrAfter?: string;
    readonly notBefore?: string;
    readonly notOnOrAfter?: string;
    readonly audiences: readonly string[];
    readonly sessionNotOnOrAfter?: string;
    readonly attributes: readonly { readonly name: string; readonly values: readonly string[] }[];
    readonly roles: readonly { readonly raw: string; readonly roleArn?: string; readonly providerArn?: string }[];
    readonly roleSessionName?: string;
    readonly sessionDuration?: string;
  };
  readonly signatures: readonly SignatureSummary[];
  readonly certificates: readonly CertificateInfo[];
  readonly problems: readonly { readonly code: string; readonly severity: string; readonly message: string }[];
}

export interface SignatureSummary {
  readonly signedElement?: string;
  readonly referenceMatchesParent: boolean;
  readonly signatureMethod?: string;
  readonly digestMethods: readonly string[];
  readonly canonicalizationMethod?: string;
  readonly digestsValid: boolean;
  readonly outcome: SignatureOutcome;
  readonly verifiedWith?: string;
  /**
   * `attested`: the outcome was taken from the redaction attestation of a re-imported redacted
   * export, not re-verified (the redacted XML has no signature values). Absent in summaries
   * stored before this field existed: read as `verified`.
   */
  readonly basis?: SignatureBasis;
}

/** The words every output puts next to an attested outcome (the UI has its own translations). */
export const ATTESTED_OUTCOME_NOTE = 'attested by the exporting extension, not re-verified';
