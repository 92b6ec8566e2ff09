import { createFinding, type EvidenceInit } from '../create-finding.ts';
import { readFlowFacts } from '../read-flow-facts.ts';
import { CONSOLE_PATHS, retestStep } from '../remediation-steps.ts';
import type { Scenario } from '../scenario.ts';
import { SEED_SOURCES } from '../seed-sources.ts';

/** XML-DSig algorithm URIs that use SHA-1 (RFC 3275, RFC 4051). */
const SHA1_SIGNATURE_METHODS: ReadonlySet<string> = new Set([
  'http://www.w3.org/2000/09/xmldsig#rsa-sha1',
  'http://www.w3.org/2000/09/xmldsig#dsa-sha1',
  'http://www.w3.org/2000/09/xmldsig#hmac-sha1',
  'http://www.w3.org/2001/04/xmldsig-more#ecdsa-sha1',
]);
const SHA1_DIGEST_METHODS: ReadonlySet<string> = new Set(['http://www.w3.org/2000/09/xmldsig#sha1']);

/**
 * A signature or digest uses SHA-1 (seed 004, Ping section: SHA-1 is deprecated and may be
 * rejected). Salesforce offers SHA1 or SHA256 for the connected app's SAML messages (domain.md §5.4).
 */
export const samlSha1Signature: Scenario = {
  id: 'saml-sha1-signature',
  rank: 91,
  detect(analyzed, context) {
    const facts = readFlowFacts(analyzed, context);
    const primary = facts.primary;
    if (primary === undefined) return [];
    const evidence: EvidenceInit[] = [];
    for (const check of primary.analysis.signatures?.signatures ?? []) {
      const where = check.signedElementPath ?? check.parentPath;
      if (check.signatureMethod !== undefined && SHA1_SIGNATURE_METHODS.has(check.signatureMethod.trim())) {
        evidence.push({ label: `SignatureMethod of the signature on ${where}`, observed: check.signatureMethod, expected: 'http://www.w3.org/2001/04/xmldsig-more#rsa-sha256', hopId: primary.hop.id, field: `${check.parentPath}/ds:Signature/ds:SignedInfo/ds:SignatureMethod/@Algorithm` });
      }
      const digests = check.digestMethods.filter((method) => SHA1_DIGEST_METHODS.has(method.trim()));
      if (digests.length > 0) {
        evidence.push({ label: `DigestMethod of the signature on ${where}`, observed: digests[0], expected: 'http://www.w3.org/2001/04/xmlenc#sha256', hopId: primary.hop.id, field: `${check.parentPath}/ds:Signature/ds:SignedInfo/ds:Reference/ds:DigestMethod/@Algorithm` });
      }
    }
    if (evidence.length === 0) return [];

    return [
      createFinding('saml-sha1-signature', {
        severity: 'warning',
        basis: 'predicted',
        title: 'The SAML response is signed with SHA-1',
        summary:
          'Your sign-in is protected with an old, weak algorithm (SHA-1). It works today, but your Salesforce admin should switch the single sign-on app to SHA-256.',
        cause:
          'SHA-1 is broken for collision resistance and deprecated for signatures; services are removing support for it, so a response signed with SHA-1 may be refused without warning in the future. Salesforce lets each connected app choose SHA1 or SHA256 for its SAML messages, and its published sample responses use SHA-1.',
        evidence,
        remediation: [
          {
            actor: 'salesforce-admin',
            text: 'Change the connected app\'s signing algorithm for SAML messages from SHA1 to SHA256. The certificate and the AWS metadata stay the same.',
            consolePath: `${CONSOLE_PATHS.connectedApp} → Edit → SAML Service Provider Settings → Signing Algorithm for SAML Messages → SHA256`,
          },
          retestStep(),
        ],
        sources: [SEED_SOURCES.awsIamSamlErrorsGuide],
      }),
    ];
  },
};
