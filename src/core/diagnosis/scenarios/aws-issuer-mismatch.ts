import { createFinding, type EvidenceInit } from '../create-finding.ts';
import type { DiagnosisContext } from '../diagnosis-context.ts';
import { findPage, readFlowFacts, type FlowFacts } from '../read-flow-facts.ts';
import { CONSOLE_PATHS, replaceMetadataSteps, retestStep } from '../remediation-steps.ts';
import type { Scenario } from '../scenario.ts';
import { SEED_SOURCES } from '../seed-sources.ts';

/**
 * Seed 000 error #4 / seed 004 error 6, "Issuer not present in specified provider": observed on
 * the AWS page, or predicted when the Issuer differs from the metadata entityID or the expected
 * issuer (AWS compares exactly: an error), or — with neither given — from the org's My Domain seen
 * in the flow, which Salesforce uses as Issuer when the connected app's Issuer is blank (a warning).
 */
export const awsIssuerMismatch: Scenario = {
  id: 'aws-issuer-mismatch',
  rank: 21,
  detect(analyzed, context) {
    const facts = readFlowFacts(analyzed, context);
    const seen = findPage(facts, 'aws-issuer-not-present');
    const mismatches = predictMismatches(facts, context);
    if (seen === undefined && mismatches.length === 0) return [];

    const severe = seen !== undefined || mismatches.some((mismatch) => mismatch.strict);
    const issuer = facts.assertion?.issuer ?? facts.issuer;
    const myDomain = facts.myDomain;
    return [
      createFinding('aws-issuer-mismatch', {
        severity: severe ? 'error' : 'warning',
        basis: seen === undefined ? 'predicted' : 'observed',
        title:
          seen !== undefined
            ? 'AWS sign-in rejected the Issuer ("Issuer not present in specified provider")'
            : severe
              ? 'AWS will reject the Issuer: it is not the entityID AWS expects'
              : 'The Issuer is not the org\'s My Domain',
        summary:
          'Amazon Web Services does not recognise Salesforce as the sender of your sign-in. Ask your Salesforce admin and your AWS admin to make the Issuer in Salesforce match the identity provider set up in AWS.',
        cause: severe
          ? 'The Issuer Salesforce puts in the response differs from the entityID in the metadata of the IAM identity provider, and AWS requires them to be identical, character for character (scheme, case and trailing slash included). A value typed into the connected app\'s Issuer field, a changed My Domain, or metadata from another org all cause this.'
          : 'Salesforce uses the org\'s My Domain as Issuer when the connected app\'s Issuer field is blank. This response carries another Issuer, so the IAM metadata must carry exactly that value; a later contact center update may reset it and break sign-in.',
        evidence: [
          seen === undefined ? undefined : { label: 'AWS sign-in page', observed: seen.page.excerpt, hopId: seen.hop.id },
          ...mismatches.map((mismatch) => mismatch.evidence),
          seen !== undefined && mismatches.length === 0 && issuer !== undefined
            ? { label: 'Assertion Issuer', observed: issuer, expected: 'the entityID in the IAM identity provider\'s metadata', hopId: facts.primary?.hop.id, field: 'saml:Assertion/saml:Issuer' }
            : undefined,
        ],
        remediation: [
          {
            actor: 'salesforce-admin',
            text: `Open the contact center's SSO connected app and leave its Issuer field blank, so that Salesforce uses the org's My Domain${myDomain === undefined ? '' : ` (${myDomain})`} as Issuer; check that the Issuer shown on the app's Manage page is that My Domain too.`,
            consolePath: `${CONSOLE_PATHS.connectedApp} → Edit → Issuer`,
          },
          {
            actor: 'salesforce-admin',
            text: 'Set the Identity Provider\'s Issuer to the My Domain as well, so that contact center updates keep the same value.',
            consolePath: CONSOLE_PATHS.identityProvider,
          },
          ...replaceMetadataSteps(facts),
          retestStep(),
        ],
        sources: [SEED_SOURCES.salesforceVoiceSsoErrors, SEED_SOURCES.awsIamSamlErrorsGuide],
      }),
    ];
  },
};

interface Mismatch {
  /** True when the reference is what AWS holds (metadata) or what the admin said to expect. */
  readonly strict: boolean;
  readonly evidence: EvidenceInit;
}

function predictMismatches(facts: FlowFacts, context: DiagnosisContext): Mismatch[] {
  if (facts.primary === undefined) return [];
  const hopId = facts.primary.hop.id;
  const issuers = [
    { value: facts.primary.response.issuer, label: 'Response Issuer', field: 'samlp:Response/saml:Issuer' },
    { value: facts.assertion?.issuer, label: 'Assertion Issuer', field: 'saml:Assertion/saml:Issuer' },
  ].filter((entry): entry is { value: string; label: string; field: string } => entry.value !== undefined);
  if (issuers.length === 0) {
    // STS looks the provider up by Issuer: a response without one cannot match any provider.
    if (facts.primary.response.assertions.length === 0 && facts.primary.response.encryptedAssertionCount > 0) return [];
    return [
      {
        strict: true,
        evidence: { label: 'Issuer', observed: 'absent', expected: context.metadata?.entityId ?? context.expectedIssuer ?? 'the entityID of the IAM identity provider', hopId, field: 'saml:Assertion/saml:Issuer' },
      },
    ];
  }

  const references = [
    context.metadata?.entityId === undefined ? undefined : { value: context.metadata.entityId, what: 'entityID in the IAM metadata' },
    context.expectedIssuer === undefined ? undefined : { value: context.expectedIssuer, what: 'expected issuer' },
  ].filter((entry) => entry !== undefined);

  const mismatches: Mismatch[] = [];
  for (const reference of references) {
    for (const issuer of issuers) {
      if (issuer.value === reference.value) continue;
      mismatches.push({ strict: true, evidence: { label: issuer.label, observed: issuer.value, expected: `${reference.value} (${reference.what})`, hopId, field: issuer.field } });
    }
  }
  if (references.length > 0 || facts.myDomain === undefined) return mismatches;

  const myDomain = facts.myDomain;
  for (const issuer of issuers) {
    if (sameOrigin(issuer.value, myDomain)) continue;
    mismatches.push({ strict: false, evidence: { label: issuer.label, observed: issuer.value, expected: `${myDomain} (the org's My Domain, seen in the flow)`, hopId, field: issuer.field } });
  }
  return mismatches;
}

/** My Domain comparison ignores host case and a trailing slash (only the exact IAM comparison is strict). */
function sameOrigin(issuer: string, myDomain: string): boolean {
  const normalize = (value: string): string => value.trim().replace(/\/+$/, '').toLowerCase();
  return normalize(issuer) === normalize(myDomain);
}
