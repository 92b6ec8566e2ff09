import { createFinding } from '../create-finding.ts';
import { describeCertificate } from '../describe-certificate.ts';
import { readFlowFacts } from '../read-flow-facts.ts';
import type { Scenario } from '../scenario.ts';
import { SEED_SOURCES } from '../seed-sources.ts';
import { certificateReplacementSteps, signingCertificates } from './idp-cert-expired.ts';
import { evaluationClock, formatDuration } from './saml-assertion-expired.ts';

/** Seed 004's prevention advice: act when the certificate is within 30 days of expiry. */
const WARNING_WINDOW_MS = 30 * 24 * 60 * 60 * 1000;

/**
 * Seed 003: Salesforce emails admins before a contact center certificate expires; replacing it
 * needs a coordinated change on both sides, so it is flagged 30 days ahead (seed 004 prevention).
 */
export const idpCertExpiring: Scenario = {
  id: 'idp-cert-expiring',
  rank: 92,
  detect(analyzed, context) {
    const facts = readFlowFacts(analyzed, context);
    const clock = evaluationClock(analyzed.flow, facts.primary?.hop, context);
    const expiring = signingCertificates(facts.primary?.analysis, context).filter((entry) => {
      const left = Date.parse(entry.certificate.notAfter) - clock.ms;
      return left >= 0 && left <= WARNING_WINDOW_MS && Date.parse(entry.certificate.notBefore) <= clock.ms;
    });
    if (expiring.length === 0) return [];
    const soonest = Math.min(...expiring.map((entry) => Date.parse(entry.certificate.notAfter)));

    return [
      createFinding('idp-cert-expiring', {
        severity: 'warning',
        basis: 'predicted',
        title: `The IdP signing certificate expires in ${formatDuration(soonest - clock.ms)}`,
        summary:
          'The certificate Salesforce signs your sign-in with expires soon. Nothing is broken yet; your Salesforce admin and AWS admin should replace it together before then.',
        cause:
          'The certificate the contact center signs SAML responses with reaches its end date within 30 days. Replacing it means changing Salesforce and the IAM identity provider\'s metadata together; doing it early, at a quiet time, avoids an outage on the day.',
        evidence: expiring.map((entry) => ({
          label: entry.label,
          observed: describeCertificate(entry.certificate),
          expected: `valid for more than 30 days after ${clock.iso}`,
          hopId: entry.source === 'metadata' ? undefined : facts.primary?.hop.id,
          field: entry.field,
        })),
        remediation: certificateReplacementSteps(facts),
        sources: [SEED_SOURCES.salesforceContactCenterCertificates, SEED_SOURCES.awsIamSamlErrorsGuide],
      }),
    ];
  },
};
