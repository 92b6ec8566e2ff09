import type { Problem } from '../../problem.ts';
import { createFinding } from '../create-finding.ts';
import { readFlowFacts } from '../read-flow-facts.ts';
import { CONSOLE_PATHS, METADATA_FILE, replaceMetadataSteps } from '../remediation-steps.ts';
import type { Scenario } from '../scenario.ts';
import { SEED_SOURCES } from '../seed-sources.ts';

/**
 * Problems of readIdpMetadata for which IAM answers "Could not parse metadata" (seed 004 error 7
 * and Q11: a byte order mark, not UTF-8, malformed XML, a key under 1024 bits, repeated certificate
 * extensions) or that leave IAM nothing to work with. JSON-wrapper problems are about our input,
 * not about what IAM holds, and are left out.
 */
const DOCUMENTED_REFUSALS: ReadonlySet<string> = new Set([
  'metadata-bom',
  'encoding-utf16',
  'encoding-unsupported',
  'metadata-malformed',
  'metadata-weak-key',
  'metadata-repeated-extension',
]);
const UNUSABLE: ReadonlySet<string> = new Set([
  'metadata-empty',
  'metadata-not-entity-descriptor',
  'metadata-not-in-saml-namespace',
  'metadata-no-idp-entity',
  'metadata-no-idp-descriptor',
  'metadata-no-entity-id',
  'metadata-no-signing-certificate',
  'metadata-certificate-unparseable',
]);

/** Checks the metadata the admin supplied (what IAM holds or is about to receive). */
export const awsMetadataUnparseable: Scenario = {
  id: 'aws-metadata-unparseable',
  rank: 25,
  detect(analyzed, context) {
    const metadata = context.metadata;
    if (metadata === undefined) return [];
    const refused = metadata.problems.filter((problem) => DOCUMENTED_REFUSALS.has(problem.code));
    const unusable = metadata.problems.filter((problem) => UNUSABLE.has(problem.code));
    if (refused.length === 0 && unusable.length === 0) return [];

    const facts = readFlowFacts(analyzed, context);
    const documented = refused.length > 0;
    return [
      createFinding('aws-metadata-unparseable', {
        basis: 'predicted',
        title: documented ? 'IAM will refuse this IdP metadata ("Could not parse metadata")' : 'This IdP metadata cannot work for AWS sign-in',
        summary:
          'The identity provider file given to Amazon Web Services is damaged or in a form AWS cannot read, so AWS cannot check sign-ins from Salesforce. Ask your Salesforce admin for a fresh download and your AWS admin to upload it unchanged.',
        cause: documented
          ? 'IAM only accepts SAML metadata that is well-formed XML in UTF-8 without a byte order mark, whose certificates have keys of at least 1024 bits and no repeated extensions. Files re-saved by an editor (BOM, UTF-16), cut short when copied, or holding an old small-key certificate are refused.'
          : 'The document is readable, but it does not describe a SAML identity provider AWS can use: it lacks the entityID, the IdP descriptor or a usable signing certificate.',
        evidence: [...refused, ...unusable].map((problem) => ({
          label: documented && DOCUMENTED_REFUSALS.has(problem.code) ? 'Refused by IAM' : 'Unusable metadata',
          observed: `${problem.code}: ${problem.message}${position(problem)}`,
          field: 'IdP metadata',
        })),
        remediation: [
          refused.some((problem) => problem.code === 'metadata-weak-key' || problem.code === 'metadata-repeated-extension')
            ? {
                actor: 'salesforce-admin',
                text: 'Create a new self-signed certificate (2048-bit key or more) and select it for the Identity Provider and the contact center\'s connected app, so that the metadata carries a certificate IAM accepts.',
                consolePath: `${CONSOLE_PATHS.certificates} → Create Self-Signed Certificate`,
              }
            : undefined,
          refused.some((problem) => problem.code === 'metadata-bom' || problem.code.startsWith('encoding-'))
            ? {
                actor: 'aws-admin',
                text: `Do not open and re-save the file in an editor that adds a byte order mark or changes the encoding; if you must, save it as UTF-8 without BOM. Check with: file ${METADATA_FILE}`,
                command: `file ${METADATA_FILE} && head -c 3 ${METADATA_FILE} | od -An -tx1`,
              }
            : undefined,
          ...replaceMetadataSteps(facts),
        ],
        sources: [SEED_SOURCES.awsIamSamlErrorsGuide, SEED_SOURCES.salesforceContactCenterCertificates],
      }),
    ];
  },
};

function position(problem: Problem): string {
  if (problem.line === undefined) return '';
  return ` (line ${String(problem.line)}${problem.column === undefined ? '' : `, column ${String(problem.column)}`})`;
}
