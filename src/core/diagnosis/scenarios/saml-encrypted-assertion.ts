import { isElementCovered } from '../../signature/is-element-covered.ts';
import { createFinding } from '../create-finding.ts';
import { orPlaceholder, readFlowFacts } from '../read-flow-facts.ts';
import { CONSOLE_PATHS } from '../remediation-steps.ts';
import type { Scenario } from '../scenario.ts';
import { SEED_SOURCES } from '../seed-sources.ts';

/**
 * The Response carries an EncryptedAssertion (seed 004 "SAML Encryption"; domain.md §5.3). IAM
 * holds the private key, so the Role, RoleSessionName, NameID and times cannot be checked here;
 * only the Response-level fields can. Information, unless plain and encrypted assertions are mixed.
 */
export const samlEncryptedAssertion: Scenario = {
  id: 'saml-encrypted-assertion',
  rank: 50,
  detect(analyzed, context) {
    const facts = readFlowFacts(analyzed, context);
    const primary = facts.primary;
    if (primary === undefined) return [];
    const response = primary.response;
    if (response.encryptedAssertionCount === 0) return [];
    const mixed = response.assertions.length > 0;
    // The signature inside the encrypted assertion cannot be seen here; without a valid signature
    // on the Response around it, nothing vouches for the message at all.
    const report = primary.analysis.signatures;
    const responseSigned = report !== undefined && isElementCovered(report, response.element);
    const hopId = primary.hop.id;
    const providerArn = orPlaceholder(facts.role?.providerArn, 'saml-provider-arn');

    return [
      createFinding('saml-encrypted-assertion', {
        severity: mixed || !responseSigned ? 'warning' : 'info',
        basis: 'predicted',
        title: mixed ? 'The SAML response mixes encrypted and plain assertions' : 'The SAML assertion is encrypted: its contents cannot be checked here',
        summary: mixed
          ? 'Your sign-in message holds both a hidden (encrypted) and a readable part, which is unusual. Ask your Salesforce admin to check the single sign-on app\'s encryption setting.'
          : 'Your sign-in message is encrypted for Amazon Web Services, so this tool cannot look inside it. If sign-in fails, your AWS admin should check the encryption setup of the identity provider in AWS.',
        cause: mixed
          ? 'The response carries an EncryptedAssertion next to a plain Assertion. Which one a service provider uses is not defined, and only the plain one could be checked here.'
          : 'The connected app encrypts the assertion with a certificate whose private key is uploaded to IAM. Only AWS can decrypt it, so the Role, RoleSessionName, NameID, audience and validity times are not visible; only the fields of the Response around it are.',
        evidence: [
          { label: 'EncryptedAssertion elements', observed: String(response.encryptedAssertionCount), hopId, field: 'samlp:Response/saml:EncryptedAssertion' },
          { label: 'Plain Assertion elements', observed: String(response.assertions.length), hopId, field: 'samlp:Response/saml:Assertion' },
          response.id === undefined ? undefined : { label: 'Response ID', observed: response.id, hopId, field: 'samlp:Response/@ID' },
          response.issuer === undefined ? undefined : { label: 'Response Issuer', observed: response.issuer, hopId, field: 'samlp:Response/saml:Issuer' },
          response.destination === undefined ? undefined : { label: 'Destination', observed: response.destination, hopId, field: 'samlp:Response/@Destination' },
          response.issueInstant === undefined ? undefined : { label: 'IssueInstant', observed: response.issueInstant, hopId, field: 'samlp:Response/@IssueInstant' },
          response.inResponseTo === undefined ? undefined : { label: 'InResponseTo', observed: response.inResponseTo, hopId, field: 'samlp:Response/@InResponseTo' },
          response.status?.code === undefined
            ? undefined
            : { label: 'Status', observed: [response.status.code, response.status.subCode, response.status.message].filter((part) => part !== undefined).join(' / '), hopId, field: 'samlp:Response/samlp:Status' },
        ],
        remediation: [
          {
            actor: 'aws-admin',
            text: 'Check that the IAM identity provider expects encrypted assertions and holds the private key that matches the connected app\'s encryption certificate (at most two keys; AES-GCM or AES-CBC).',
            consolePath: 'AWS Management Console → IAM → Identity providers → <identity provider> → SAML encryption',
            command: `aws iam get-saml-provider --saml-provider-arn ${providerArn} --query "[AssertionEncryptionMode, PrivateKeyList]"`,
          },
          {
            actor: 'salesforce-admin',
            text: mixed
              ? 'Make the connected app send a single assertion, either encrypted or not.'
              : 'If encryption is not meant to be on, clear the connected app\'s Encrypt SAML Response option; otherwise make sure its encryption certificate belongs to the key IAM holds.',
            consolePath: `${CONSOLE_PATHS.connectedApp} → Edit → SAML Service Provider Settings → Encrypt SAML Response`,
          },
        ],
        sources: [SEED_SOURCES.awsIamSamlErrorsGuide],
      }),
    ];
  },
};
