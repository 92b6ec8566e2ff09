import { createFinding } from '../create-finding.ts';
import { describeCertificate } from '../describe-certificate.ts';
import { readFlowFacts } from '../read-flow-facts.ts';
import type { Scenario } from '../scenario.ts';
import { SEED_SOURCES } from '../seed-sources.ts';
import { certificateReplacementSteps, signingCertificates } from './idp-cert-expired.ts';

/** IAM refuses metadata whose RSA key is under 1024 bits (seed 004 error 7). */
const IAM_MINIMUM_BITS = 1024;
/** Current guidance for RSA signing keys; anything smaller is weak. */
const RECOMMENDED_BITS = 2048;

/**
 * The signing key is too small: under 2048 bits is weak (a warning), under 1024 bits IAM refuses
 * the metadata outright (an error, seed 004 error 7 and Q11). Only RSA keys are judged by bit size.
 */
export const idpCertWeakKey: Scenario = {
  id: 'idp-cert-weak-key',
  rank: 90,
  detect(analyzed, context) {
    const facts = readFlowFacts(analyzed, context);
    const weak = signingCertificates(facts.primary?.analysis, context).filter(
      (entry) => entry.certificate.keyAlgorithm === 'RSA' && entry.certificate.keyBits !== undefined && entry.certificate.keyBits < RECOMMENDED_BITS,
    );
    if (weak.length === 0) return [];
    const smallest = Math.min(...weak.map((entry) => entry.certificate.keyBits ?? RECOMMENDED_BITS));
    const refused = smallest < IAM_MINIMUM_BITS;

    return [
      createFinding('idp-cert-weak-key', {
        severity: refused ? 'error' : 'warning',
        basis: 'predicted',
        title: `The IdP signing key has only ${String(smallest)} bits${refused ? ': IAM refuses it' : ''}`,
        summary: refused
          ? 'The key Salesforce signs your sign-in with is too small for Amazon Web Services to accept. Ask your Salesforce admin to create a stronger certificate and your AWS admin to load the new metadata.'
          : 'The key Salesforce signs your sign-in with is weaker than recommended. It still works; your Salesforce admin should plan to replace it.',
        cause: refused
          ? `IAM refuses identity provider metadata whose certificate has an RSA key under ${String(IAM_MINIMUM_BITS)} bits ("Could not parse metadata"), so it cannot hold this certificate and cannot verify the signature.`
          : `RSA keys under ${String(RECOMMENDED_BITS)} bits are considered breakable with enough effort; a forged assertion signed with this key would be accepted by AWS.`,
        evidence: weak.map((entry) => ({
          label: entry.label,
          observed: `${String(entry.certificate.keyBits)}-bit RSA key; ${describeCertificate(entry.certificate)}`,
          expected: `at least ${String(RECOMMENDED_BITS)} bits`,
          hopId: entry.source === 'metadata' ? undefined : facts.primary?.hop.id,
          field: entry.field,
        })),
        remediation: certificateReplacementSteps(facts),
        sources: [SEED_SOURCES.awsIamSamlErrorsGuide, SEED_SOURCES.salesforceContactCenterCertificates],
      }),
    ];
  },
};
