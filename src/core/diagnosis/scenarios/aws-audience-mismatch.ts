import { isAwsSamlEndpoint } from '../../flow/classify-hop-url.ts';
import { createFinding } from '../create-finding.ts';
import { findPage, readFlowFacts } from '../read-flow-facts.ts';
import { CONSOLE_PATHS, retestStep } from '../remediation-steps.ts';
import type { Scenario } from '../scenario.ts';
import { SEED_SOURCES } from '../seed-sources.ts';

/**
 * Audience values AWS sign-in accepts (IAM "Configuring SAML assertions", seed 004 error 8;
 * domain.md §4.3 for GovCloud and China, whose forms are not confirmed by AWS documents and are
 * therefore accepted rather than flagged).
 */
const ACCEPTED_AUDIENCES: readonly string[] = [
  'https://signin.aws.amazon.com/saml',
  'urn:amazon:webservices',
  'https://signin.amazonaws-us-gov.com/saml',
  'urn:amazon:webservices:govcloud',
  'https://signin.amazonaws.cn/saml',
  'urn:amazon:webservices:cn-north-1',
  'urn:amazon:webservices:cn-northwest-1',
];

/**
 * Seed 004 error 8, "Response does not contain the required audience": no Audience of the
 * assertion is one AWS accepts, nor the (regional) sign-in URL the browser posted to. When the
 * endpoint is unknown (a pasted message), any AWS sign-in SAML URL is given the benefit of the doubt.
 */
export const awsAudienceMismatch: Scenario = {
  id: 'aws-audience-mismatch',
  rank: 42,
  detect(analyzed, context) {
    const facts = readFlowFacts(analyzed, context);
    const primary = facts.primary;
    const assertion = facts.assertion;
    const page = findPage(facts, 'aws-audience-missing');
    // A pasted message was posted nowhere: its assumed endpoint says nothing.
    const postedTo = analyzed.flow.source === 'message' ? undefined : facts.samlEndpoint?.url;
    const audiences = assertion?.conditions?.audiences;

    if (assertion !== undefined && audiences !== undefined && audiences.some((audience) => isAccepted(audience, postedTo))) {
      if (page === undefined) return [];
    } else if (assertion === undefined && page === undefined) {
      return [];
    }

    const expected = [...ACCEPTED_AUDIENCES.slice(0, 2), ...(postedTo !== undefined && !ACCEPTED_AUDIENCES.includes(postedTo) ? [postedTo] : [])].join(' or ');
    const near = audiences?.find((audience) => nearMiss(audience, postedTo));
    const observed =
      assertion === undefined
        ? undefined
        : audiences === undefined || audiences.length === 0
          ? 'no Audience (no Conditions/AudienceRestriction in the assertion)'
          : audiences.map((audience) => JSON.stringify(audience)).join(', ');
    const target = postedTo ?? ACCEPTED_AUDIENCES[0] ?? '';

    return [
      createFinding('aws-audience-mismatch', {
        basis: page === undefined ? 'predicted' : 'observed',
        title: 'The SAML assertion is not addressed to AWS sign-in (Audience)',
        summary:
          'Salesforce addressed your sign-in to a different service than Amazon Web Services, so AWS refuses it. Ask your Salesforce admin to set the single sign-on app\'s Entity ID to the AWS sign-in address.',
        cause:
          'The Audience of the assertion says which service provider it is meant for. AWS sign-in only accepts https://signin.aws.amazon.com/saml or urn:amazon:webservices (or the regional sign-in URL when a regional endpoint is used); anything else, including a near miss such as a trailing slash or http instead of https, is refused with "Response does not contain the required audience". Salesforce takes the Audience from the connected app\'s Entity ID.',
        evidence: [
          page === undefined ? undefined : { label: 'AWS sign-in page', observed: page.page.excerpt, hopId: page.hop.id },
          observed === undefined ? undefined : { label: 'Audience', observed, expected, hopId: primary?.hop.id, field: 'saml:Assertion/saml:Conditions/saml:AudienceRestriction/saml:Audience' },
          near === undefined ? undefined : { label: 'Near miss', observed: JSON.stringify(near), expected: 'an exact match (AWS compares the text exactly)', hopId: primary?.hop.id },
          postedTo === undefined ? undefined : { label: 'Posted to', observed: postedTo, hopId: primary?.hop.id, field: 'URL' },
        ],
        remediation: [
          {
            actor: 'salesforce-admin',
            text: `In the contact center's connected app, set the Entity ID under SAML Service Provider Settings to ${target}${target === 'https://signin.aws.amazon.com/saml' ? '' : ' (or https://signin.aws.amazon.com/saml)'} exactly.`,
            consolePath: `${CONSOLE_PATHS.connectedApp} → Edit → SAML Service Provider Settings → Entity Id`,
          },
          postedTo !== undefined && isAwsSamlEndpoint(postedTo)?.region !== undefined
            ? {
                actor: 'aws-admin',
                text: `A regional sign-in endpoint is in use: the SAML:aud condition of the role's trust policy must list ${postedTo} as well as the global URL.`,
              }
            : undefined,
          retestStep(),
        ],
        sources: [SEED_SOURCES.awsIamSamlErrorsGuide],
      }),
    ];
  },
};

function isAccepted(audience: string, postedTo: string | undefined): boolean {
  if (ACCEPTED_AUDIENCES.includes(audience)) return true;
  if (postedTo !== undefined) return audience === postedTo;
  return isAwsSamlEndpoint(audience) !== undefined && audience.startsWith('https://');
}

/** Equal to an accepted value once case, surrounding whitespace, a trailing slash or http: are ignored. */
function nearMiss(audience: string, postedTo: string | undefined): boolean {
  const loose = (text: string): string => text.trim().toLowerCase().replace(/\/+$/, '').replace(/^http:/, 'https:');
  const candidates = postedTo === undefined ? ACCEPTED_AUDIENCES : [...ACCEPTED_AUDIENCES, postedTo];
  return !isAccepted(audience, postedTo) && candidates.some((candidate) => loose(candidate) === loose(audience));
}
