import { keyInfoCertificates, type SamlAnalysis } from '../../analysis/saml-analysis.ts';
import type { CertificateInfo } from '../../certificate/certificate-info.ts';
import { normalizeFingerprint } from '../analyze-flow.ts';
import { attestedOutcomeSuffix } from '../attested-outcome-suffix.ts';
import { createFinding, type EvidenceInit, type RemediationInit } from '../create-finding.ts';
import { describeCertificate } from '../describe-certificate.ts';
import type { DiagnosisContext } from '../diagnosis-context.ts';
import { PerDiagnosisMemo } from '../per-diagnosis-memo.ts';
import { findPage, readFlowFacts, type FlowFacts } from '../read-flow-facts.ts';
import { CONSOLE_PATHS, replaceMetadataSteps, retestStep } from '../remediation-steps.ts';
import type { Scenario } from '../scenario.ts';
import { SEED_SOURCES } from '../seed-sources.ts';
import { evaluationClock, formatDuration } from './saml-assertion-expired.ts';

/** A certificate the IdP signs with, and how we know it. */
export interface SigningCertificate {
  readonly certificate: CertificateInfo;
  readonly source: 'verified' | 'metadata' | 'keyinfo';
  /** Evidence label, e.g. "Signing certificate (verified the signature)". */
  readonly label: string;
  readonly field: string;
}

const KEYINFO_FIELD = 'ds:Signature/ds:KeyInfo/ds:X509Data/ds:X509Certificate';

/**
 * The certificates the IdP signs with: those that verified a signature of the message; else the
 * signing certificates of the AWS-side metadata; else, unverified, those the message's KeyInfo
 * carries. Deduplicated by SHA-256 fingerprint.
 */
/** Three scenarios (expired, expiring, weak key) ask for the same list during one diagnosis. */
const FOUND = new PerDiagnosisMemo<SamlAnalysis, DiagnosisContext, readonly SigningCertificate[]>();

export function signingCertificates(analysis: SamlAnalysis | undefined, context: DiagnosisContext): readonly SigningCertificate[] {
  if (analysis === undefined) return findSigningCertificates(undefined, context);
  return FOUND.get(analysis, context, () => findSigningCertificates(analysis, context));
}

function findSigningCertificates(analysis: SamlAnalysis | undefined, context: DiagnosisContext): SigningCertificate[] {
  const found = new Map<string, SigningCertificate>();
  const metadataCertificates = context.metadata?.signingCertificates ?? [];
  // Outcomes read from a redaction attestation were not verified here: the label says so.
  const verifiedLabel = `Signing certificate (verified the signature)${attestedOutcomeSuffix(analysis)}`;
  for (const check of analysis?.signatures?.signatures ?? []) {
    if (check.outcome !== 'valid' && check.outcome !== 'valid-keyinfo-only') continue;
    const wanted = check.verifiedWith === undefined ? undefined : normalizeFingerprint(check.verifiedWith);
    const pool = [...check.keyInfoCertificates, ...metadataCertificates];
    const certificate = (wanted === undefined ? undefined : pool.find((candidate) => normalizeFingerprint(candidate.sha256Fingerprint) === wanted)) ?? check.keyInfoCertificates[0];
    if (certificate !== undefined) {
      found.set(certificate.sha256Fingerprint, { certificate, source: 'verified', label: verifiedLabel, field: KEYINFO_FIELD });
    }
  }
  if (found.size > 0) return [...found.values()];
  for (const certificate of metadataCertificates) {
    found.set(certificate.sha256Fingerprint, { certificate, source: 'metadata', label: 'Signing certificate in the IdP metadata', field: 'md:KeyDescriptor[@use="signing"]' });
  }
  if (found.size > 0) return [...found.values()];
  for (const certificate of analysis === undefined ? [] : keyInfoCertificates(analysis)) {
    found.set(certificate.sha256Fingerprint, { certificate, source: 'keyinfo', label: 'Certificate in the message (KeyInfo, not verified)', field: KEYINFO_FIELD });
  }
  return [...found.values()];
}

interface OutsideValidity {
  readonly entry: SigningCertificate;
  readonly state: 'expired' | 'not-yet-valid';
  /** How far outside the validity period, in milliseconds. */
  readonly by: number;
}

/**
 * Seed 003 (replacing the contact center certificate) with seed 000 error #3 ("check if the
 * certificate has expired"): the signing certificate's validity period does not include the time
 * AWS received the response. Salesforce states that an expired contact center certificate does not
 * by itself break sign-in, so this is a warning, and an error only when AWS did reject the signature.
 */
export const idpCertExpired: Scenario = {
  id: 'idp-cert-expired',
  rank: 22,
  detect(analyzed, context) {
    const facts = readFlowFacts(analyzed, context);
    const clock = evaluationClock(analyzed.flow, facts.primary?.hop, context);
    const outside = signingCertificates(facts.primary?.analysis, context).flatMap((entry): OutsideValidity[] => {
      const notAfter = Date.parse(entry.certificate.notAfter);
      const notBefore = Date.parse(entry.certificate.notBefore);
      if (notAfter < clock.ms) return [{ entry, state: 'expired', by: clock.ms - notAfter }];
      if (notBefore > clock.ms) return [{ entry, state: 'not-yet-valid', by: notBefore - clock.ms }];
      return [];
    });
    if (outside.length === 0) return [];

    const rejected = findPage(facts, 'aws-signature-invalid');
    const notYet = outside.every((item) => item.state === 'not-yet-valid');
    const hopId = facts.primary?.hop.id;
    const evidence: EvidenceInit[] = outside.map(({ entry, state, by }) => ({
      label: entry.label,
      observed: `${describeCertificate(entry.certificate)}: ${state === 'expired' ? `expired ${formatDuration(by)} before` : `valid only from ${entry.certificate.notBefore}, ${formatDuration(by)} after`} ${clock.iso}`,
      expected: `valid at ${clock.iso} (${clock.label})`,
      hopId: entry.source === 'metadata' ? undefined : hopId,
      field: entry.field,
    }));

    return [
      createFinding('idp-cert-expired', {
        severity: rejected === undefined ? 'warning' : 'error',
        basis: rejected === undefined ? 'predicted' : 'observed',
        title: notYet ? 'The IdP signing certificate is not valid yet' : 'The IdP signing certificate has expired',
        summary:
          'The certificate Salesforce signs your sign-in with is outside its validity dates. Ask your Salesforce admin to replace the contact center certificate and your AWS admin to load the new metadata.',
        cause: notYet
          ? 'The certificate\'s NotBefore date lies after the time the response was received: it was created with a future start date, or a clock is wrong. Strict verifiers refuse such a certificate.'
          : `The certificate's NotAfter date has passed. Salesforce notes that an expired contact center certificate does not break single sign-on by itself, but it is poor security practice${rejected === undefined ? '' : '; and AWS did reject the signature here, so replace it first'}.`,
        evidence: [rejected === undefined ? undefined : { label: 'AWS sign-in page', observed: rejected.page.excerpt, hopId: rejected.hop.id }, ...evidence],
        remediation: certificateReplacementSteps(facts),
        sources: [SEED_SOURCES.salesforceContactCenterCertificates, SEED_SOURCES.salesforceVoiceSsoErrors],
      }),
    ];
  },
};

/**
 * Seed 003's replacement procedure: new self-signed certificate → Identity Provider → connected
 * app → metadata into IAM → check with Telephony Provider Settings. SSO is briefly unavailable.
 */
export function certificateReplacementSteps(facts: FlowFacts): RemediationInit[] {
  return [
    {
      actor: 'salesforce-admin',
      text: 'Create a replacement self-signed certificate (2048- to 4096-bit key; Salesforce Voice supports keys up to 4096 bits). Plan the change for a quiet time: sign-in is unavailable for a few minutes while the two sides differ.',
      consolePath: `${CONSOLE_PATHS.certificates} → Create Self-Signed Certificate`,
    },
    {
      actor: 'salesforce-admin',
      text: 'Select the new certificate for the Identity Provider, then for the contact center\'s connected app (IdP Certificate field).',
      consolePath: `${CONSOLE_PATHS.identityProvider} → Edit; ${CONSOLE_PATHS.connectedApp} → Edit → IdP Certificate`,
    },
    ...replaceMetadataSteps(facts),
    retestStep(),
  ];
}
