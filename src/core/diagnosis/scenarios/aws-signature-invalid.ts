import { keyInfoCertificates } from '../../analysis/saml-analysis.ts';
import { normalizeFingerprint } from '../analyze-flow.ts';
import { attestedOutcomeSuffix } from '../attested-outcome-suffix.ts';
import { createFinding, type EvidenceInit } from '../create-finding.ts';
import { describeCertificate } from '../describe-certificate.ts';
import type { DiagnosisContext } from '../diagnosis-context.ts';
import { findPage, readFlowFacts, type SamlResponseHop } from '../read-flow-facts.ts';
import { CONSOLE_PATHS, replaceMetadataSteps, retestStep } from '../remediation-steps.ts';
import type { Scenario } from '../scenario.ts';
import { SEED_SOURCES } from '../seed-sources.ts';

/**
 * Seed 000 error #3 / seed 004 "Response signature invalid": observed on the AWS page, or
 * predicted when the certificate that signed the message is not the one AWS trusts (IAM metadata
 * or expected fingerprint), or when a signature does not verify at all.
 */
export const awsSignatureInvalid: Scenario = {
  id: 'aws-signature-invalid',
  rank: 20,
  detect(analyzed, context) {
    const facts = readFlowFacts(analyzed, context);
    const seen = findPage(facts, 'aws-signature-invalid');
    const prediction = facts.primary === undefined ? undefined : predict(facts.primary, context);
    if (seen === undefined && prediction === undefined) return [];

    const hopId = facts.primary?.hop.id;
    const signer = facts.primary === undefined ? undefined : keyInfoCertificates(facts.primary.analysis)[0];
    const trusted = trustedDescription(context);
    const expired = signer !== undefined && Date.parse(signer.notAfter) < Date.parse(context.now);
    const requestId = seen?.page.serviceErrors?.find((error) => error.requestId !== undefined)?.requestId;

    const evidence: (EvidenceInit | undefined)[] = [
      seen === undefined ? undefined : { label: 'AWS sign-in page', observed: seen.page.excerpt, hopId: seen.hop.id },
      requestId === undefined ? undefined : { label: 'STS request id', observed: requestId, hopId: seen?.hop.id },
      signer === undefined
        ? undefined
        : {
            label: 'Signing certificate (KeyInfo of the message)',
            observed: describeCertificate(signer),
            expected: trusted,
            hopId,
            field: 'ds:Signature/ds:KeyInfo/ds:X509Data/ds:X509Certificate',
          },
      expired ? { label: 'Signing certificate validity', observed: `ended ${signer.notAfter}`, expected: `valid at ${context.now}`, hopId } : undefined,
      ...(prediction?.evidence ?? []),
    ];

    const cause =
      prediction?.kind === 'wrong-certificate'
        ? 'Salesforce signs with a different certificate from the one in the IAM identity provider\'s metadata. The IdP certificate was replaced in Salesforce (or the Identity Provider and the connected app use different certificates) and the metadata in IAM was not updated.'
        : prediction?.kind === 'does-not-verify'
          ? 'A signature in the message does not match the content it signs: the message was altered after Salesforce signed it, or it was signed with a key other than the certificate it carries. AWS rejects such a response.'
          : 'AWS checked the signature against the certificate in the IAM identity provider\'s metadata and it did not match. Almost always the signing certificate was changed in Salesforce and IAM still holds the old metadata; an expired certificate is the other usual suspect.';

    return [
      createFinding('aws-signature-invalid', {
        basis: seen === undefined ? 'predicted' : 'observed',
        title:
          seen === undefined
            ? 'AWS will reject the signature: the response is not signed by the certificate AWS trusts'
            : 'AWS sign-in rejected the SAML response signature ("Response signature invalid")',
        summary:
          'Amazon Web Services does not accept the signature on your sign-in from Salesforce. Ask your Salesforce admin and your AWS admin to give AWS the certificate Salesforce currently signs with.',
        cause,
        evidence,
        remediation: [
          {
            actor: 'salesforce-admin',
            text: expired
              ? `The signing certificate ended on ${signer.notAfter}: create a replacement certificate first.`
              : 'Check whether the signing certificate has expired; if it has, create a replacement first.',
            consolePath: `${CONSOLE_PATHS.certificates}${signer === undefined ? '' : ` → ${commonName(signer.subject) ?? 'the signing certificate'} (expires ${signer.notAfter})`}`,
          },
          {
            actor: 'salesforce-admin',
            text: 'Make sure the Identity Provider and the contact center\'s connected app use the same self-signed certificate.',
            consolePath: `${CONSOLE_PATHS.identityProvider} and ${CONSOLE_PATHS.connectedApp} → IdP Certificate`,
          },
          ...replaceMetadataSteps(facts),
          retestStep(),
        ],
        sources: [SEED_SOURCES.salesforceVoiceSsoErrors, SEED_SOURCES.salesforceContactCenterCertificates, SEED_SOURCES.awsIamSamlErrorsGuide],
      }),
    ];
  },
};

interface Prediction {
  readonly kind: 'wrong-certificate' | 'does-not-verify';
  readonly evidence: readonly EvidenceInit[];
}

function predict(entry: SamlResponseHop, context: DiagnosisContext): Prediction | undefined {
  const checks = entry.analysis.signatures?.signatures ?? [];
  if (checks.length === 0) return undefined; // unsigned: saml-unsigned-response says so
  const attested = attestedOutcomeSuffix(entry.analysis);
  // With only expected fingerprints (no metadata) nothing is trusted during verification: a
  // signature that verifies with its own KeyInfo certificate, which is not the expected one, is wrong too.
  const wrong = checks.filter((check) => check.wrongCertificate || check.outcome === 'valid-keyinfo-only');
  if (wrong.length > 0 && hasTrustAnchors(context) && !checks.some((check) => check.outcome === 'valid')) {
    return {
      kind: 'wrong-certificate',
      evidence: wrong.map((check) => ({
        label: 'Signature check',
        observed: `verifies only with the certificate inside the message${attested}`,
        expected: 'verifies with the certificate AWS trusts',
        hopId: entry.hop.id,
        field: check.signedElementPath ?? check.parentPath,
      })),
    };
  }
  const broken = checks.filter((check) => check.outcome === 'invalid' && !check.wrongCertificate);
  if (broken.length === 0) return undefined; // valid, unsupported or unverifiable: nothing to predict from
  return {
    kind: 'does-not-verify',
    evidence: broken.map((check) => ({
      label: 'Signature check',
      observed: `${check.digestsValid ? 'the signature value verifies with no available certificate' : 'the digest no longer matches the signed content (changed after signing)'}${attested}`,
      expected: 'a signature that verifies',
      hopId: entry.hop.id,
      field: check.signedElementPath ?? check.parentPath,
    })),
  };
}

function hasTrustAnchors(context: DiagnosisContext): boolean {
  return (context.metadata?.signingCertificates.length ?? 0) > 0 || (context.expectedCertificateFingerprints?.length ?? 0) > 0;
}

function trustedDescription(context: DiagnosisContext): string | undefined {
  const fromMetadata = (context.metadata?.signingCertificates ?? []).map((certificate) => `${describeCertificate(certificate)} in the IAM metadata`);
  const expected = (context.expectedCertificateFingerprints ?? []).map((fingerprint) => `expected fingerprint ${normalizeFingerprint(fingerprint)}`);
  const all = [...fromMetadata, ...expected];
  return all.length === 0 ? undefined : all.join('; ');
}

/** Salesforce lists certificates by label, which is the CN of a self-signed certificate. */
function commonName(subject: string): string | undefined {
  return /(?:^|,\s*)CN=([^,]+)/.exec(subject)?.[1]?.trim();
}
