import { describe, expect, it } from 'vitest';
import { classifyPageText } from './classify-page-text.ts';
import type { PageClassification } from './flow.ts';

const IDP_URL = 'https://acme.my.salesforce.com/idp/login?app=0sp5f000000XyZa';
const SAML_URL = 'https://signin.aws.amazon.com/saml';
const CONNECT_URL = 'https://acme-cc.my.connect.aws/connect/home';
const FEDERATE_URL = 'https://us-east-1.console.aws.amazon.com/connect/federate/1a2b3c4d';
const MASKED_ID = '********-****-****-****-************';

/** The five messages of Salesforce KB 005316458 (seed 000), as the article prints them. */
const KB = {
  insufficientPrivileges: 'Insufficient Privileges',
  dataNotAvailable:
    'Data Not Available - The data you were trying to access could not be found. It may be due to another user deleting the data or a system error. If you know the data is not deleted but cannot access it, please look at our support page.',
  signatureInvalid: `Response signature invalid (Service: AWSSecurityTokenV20111201; Status Code: 400; Error Code: InvalidIdentityToken; Request ID: ${MASKED_ID}; Proxy: null). Please try again.`,
  issuerNotPresent: `Issuer not present in specified provider (Service: AWSOpenIdDiscoveryService; Status Code: 400; Error Code: AuthSamlInvalidSamlResponseException; Request ID: ${MASKED_ID}; Proxy: null) (Service: AWSSecurityTokenV20111201; Status Code: 400; Error Code: InvalidIdentityToken; Request ID: ${MASKED_ID}; Proxy: null). Please try again.`,
  notOnboarded:
    'Access denied\nYour account has been authenticated, but has not been onboarded to this application. Contact your Administrator to onboard to Amazon Connect and try again.',
};

describe('classifyPageText on the Salesforce KB texts (seed 000)', () => {
  it.each<[string, string, string, PageClassification]>([
    ['#1 Insufficient Privileges', IDP_URL, KB.insufficientPrivileges, 'sf-insufficient-privileges'],
    ['#2 Data Not Available', IDP_URL, KB.dataNotAvailable, 'sf-data-not-available'],
    ['#3 Response signature invalid', SAML_URL, KB.signatureInvalid, 'aws-signature-invalid'],
    ['#4 Issuer not present', SAML_URL, KB.issuerNotPresent, 'aws-issuer-not-present'],
    ['#5 not onboarded', CONNECT_URL, KB.notOnboarded, 'connect-not-onboarded'],
  ])('classifies message %s', (_name, url, text, expected) => {
    expect(classifyPageText({ url, text })?.classification).toBe(expected);
  });

  it('classifies the KB texts the same when the page URL is unknown (a paste)', () => {
    const got = Object.values(KB).map((text) => classifyPageText({ url: '', text })?.classification);
    expect(got).toEqual(['sf-insufficient-privileges', 'sf-data-not-available', 'aws-signature-invalid', 'aws-issuer-not-present', 'connect-not-onboarded']);
  });

  it('reads the STS service group with the KB service name and a masked request id', () => {
    expect(classifyPageText({ url: SAML_URL, text: KB.signatureInvalid })?.serviceErrors).toEqual([
      { service: 'AWSSecurityTokenV20111201', statusCode: 400, errorCode: 'InvalidIdentityToken', requestId: MASKED_ID },
    ]);
  });

  it('reads both service groups of the Issuer message and classifies by the Issuer sentence, not InvalidIdentityToken', () => {
    const page = classifyPageText({ url: SAML_URL, text: KB.issuerNotPresent });
    expect(page?.serviceErrors?.map((e) => [e.service, e.errorCode])).toEqual([
      ['AWSOpenIdDiscoveryService', 'AuthSamlInvalidSamlResponseException'],
      ['AWSSecurityTokenV20111201', 'InvalidIdentityToken'],
    ]);
    expect(page?.classification).toBe('aws-issuer-not-present');
  });

  it('keeps the excerpt to the matched sentence of at most 300 characters', () => {
    const page = classifyPageText({ url: SAML_URL, text: `Amazon Web Services Sign In\n${KB.issuerNotPresent}\nTerms of Use Privacy Policy` });
    expect(page?.excerpt.startsWith('Issuer not present in specified provider (Service: AWSOpenIdDiscoveryService')).toBe(true);
    expect(page?.excerpt.length).toBeLessThanOrEqual(300);
    expect(page?.excerpt).not.toContain('Terms of Use');
  });

  it('ends the excerpt of the signature message after the service group sentence', () => {
    expect(classifyPageText({ url: SAML_URL, text: `Sign in\n${KB.signatureInvalid}` })?.excerpt).toBe(
      `Response signature invalid (Service: AWSSecurityTokenV20111201; Status Code: 400; Error Code: InvalidIdentityToken; Request ID: ${MASKED_ID}; Proxy: null).`,
    );
  });
});

describe('classifyPageText on the IAM troubleshooting messages (domain.md §3.1)', () => {
  it.each<[string, PageClassification]>([
    ['Error: Your request included an invalid SAML response. To logout, click here.', 'aws-invalid-saml-response'],
    ['Your request included an invalid SAML response. To use SAML, enable one or more IAM roles for this application.', 'aws-invalid-saml-response'],
    ['Error: RoleSessionName is required in AuthnResponse (service: AWSSecurityTokenService; status code: 400; error code: InvalidIdentityToken)', 'aws-rolesessionname-required'],
    ['Error: RoleSessionName in AuthnResponse must match [a-zA-Z_0-9+=,.@-]{2,64} (service: AWSSecurityTokenService; status code: 400; error code: InvalidIdentityToken)', 'aws-rolesessionname-invalid'],
    ['Error: Source Identity must match [a-zA-Z_0-9+=,.@-]{2,64} and not begin with "aws:" (service: AWSSecurityTokenService; status code: 400; error code: InvalidIdentityToken)', 'aws-source-identity-invalid'],
    ['Error: Response signature invalid (service: AWSSecurityTokenService; status code: 400; error code: InvalidIdentityToken)', 'aws-signature-invalid'],
    ['Error: Failed to assume role: Issuer not present in specified provider (service: AWSOpenIdDiscoveryService; status code: 400; error code: AuthSamlInvalidSamlResponseException)', 'aws-issuer-not-present'],
    ['Error: Not authorized to perform sts:AssumeRoleWithSAML (service: AWSSecurityTokenService; status code: 403; error code: AccessDenied)', 'aws-not-authorized-assume-role'],
    ["Error: Specified provider doesn't exist.", 'aws-provider-not-found'],
    ['Error: Specified provider doesn\u2019t exist.', 'aws-provider-not-found'],
    ['Error: Requested DurationSeconds exceeds MaxSessionDuration set for this role.', 'aws-duration-exceeds-max'],
    ['Error: Response does not contain the required audience.', 'aws-audience-missing'],
    ['Error: Response has expired (Service: AWSSecurityTokenService; Status Code: 400; Error Code: ExpiredTokenException; Request ID: 4370fb7a-3407-4a93-b0b7-adac0147c352)', 'aws-expired-token'],
    ['Error: Token must be redeemed within 5 minutes of issuance', 'aws-expired-token'],
    ['Error: something new (Service: AWSSecurityTokenService; Status Code: 400; Error Code: ExpiredToken; Request ID: abc)', 'aws-expired-token'],
    ['Error: STS is not activated in this region for account:123456789012. Your account administrator can activate STS in this region using the IAM Console.', 'aws-region-disabled'],
    ['Error: (Service: AWSSecurityTokenService; Status Code: 403; Error Code: RegionDisabledException; Request ID: abc)', 'aws-region-disabled'],
  ])('classifies "%s" as %s', (text, expected) => {
    expect(classifyPageText({ url: SAML_URL, text: `Amazon Web Services Sign In\n${text}` })?.classification).toBe(expected);
  });

  it('reads lower-case documentation-style service groups', () => {
    const page = classifyPageText({ url: SAML_URL, text: 'Error: Response signature invalid (service: AWSSecurityTokenService; status code: 400; error code: InvalidIdentityToken)' });
    expect(page?.serviceErrors).toEqual([{ service: 'AWSSecurityTokenService', statusCode: 400, errorCode: 'InvalidIdentityToken' }]);
  });

  it('reports an STS error it does not know as unrecognized-error with its details', () => {
    const page = classifyPageText({ url: SAML_URL, text: 'Error: Something new (Service: AWSSecurityTokenService; Status Code: 403; Error Code: IDPRejectedClaim; Request ID: 1234-abcd; Proxy: null). Please try again.' });
    expect(page?.classification).toBe('unrecognized-error');
    expect(page?.serviceErrors).toEqual([{ service: 'AWSSecurityTokenService', statusCode: 403, errorCode: 'IDPRejectedClaim', requestId: '1234-abcd' }]);
    expect(page?.excerpt).toContain('IDPRejectedClaim');
  });

  it('classifies by the specific sentence when the generic invalid-response sentence is also shown', () => {
    const text = 'Your request included an invalid SAML response.\nError: RoleSessionName is required in AuthnResponse (service: AWSSecurityTokenService; status code: 400; error code: InvalidIdentityToken)';
    expect(classifyPageText({ url: SAML_URL, text })?.classification).toBe('aws-rolesessionname-required');
  });

  it('recognises the role-selection page, which is not an error', () => {
    const text = 'Amazon Web Services Sign In\nSelect a role:\nAccount: acme-prod (123456789012)\nacme-cc-SAMLRole\nSign In';
    expect(classifyPageText({ url: SAML_URL, text })?.classification).toBe('aws-role-selection');
  });
});

describe('classifyPageText on Amazon Connect pages (seed 002)', () => {
  it.each<[string, string, PageClassification]>([
    [CONNECT_URL, 'Access Denied. Your account has been authenticated, but has not been onboarded to this application.', 'connect-not-onboarded'],
    [CONNECT_URL, 'Bad Request\nThe request was not valid and could not be processed.', 'connect-bad-request'],
    [CONNECT_URL, 'Bad Request', 'connect-bad-request'],
    [FEDERATE_URL, 'Access denied, Please contact your AWS account administrator for assistance.', 'connect-federation-denied'],
    [CONNECT_URL, 'Session Expired\nYour session has expired. Log in again through your identity provider.', 'connect-session-expired'],
  ])('on %s classifies "%s" as %s', (url, text, expected) => {
    expect(classifyPageText({ url, text })?.classification).toBe(expected);
  });

  it('extracts the role ARN that the federation-denied page names', () => {
    const page = classifyPageText({
      url: FEDERATE_URL,
      text: 'Access denied, Please contact your AWS account administrator for assistance.\nRole: arn:aws:iam::123456789012:role/acme-cc-SAMLRole.',
    });
    expect(page?.classification).toBe('connect-federation-denied');
    expect(page?.roleArn).toBe('arn:aws:iam::123456789012:role/acme-cc-SAMLRole');
  });

  it('leaves roleArn out when the page names no role', () => {
    expect(classifyPageText({ url: FEDERATE_URL, text: 'Access denied, Please contact your AWS account administrator for assistance.' })).not.toHaveProperty('roleArn');
  });

  it('takes a heading from the title when the body does not repeat it', () => {
    const page = classifyPageText({ url: CONNECT_URL, title: 'Session Expired', text: 'Please sign in again.' });
    expect(page).toMatchObject({ classification: 'connect-session-expired', title: 'Session Expired' });
  });
});

describe('classifyPageText on ordinary pages', () => {
  it.each<[string, string, string]>([
    ['the Connect CCP', 'https://acme-cc.my.connect.aws/connect/ccp-v2', 'Contact Control Panel\nAvailable\nQuick connects\nNumber pad\nSettings\nLog out'],
    ['the Salesforce home page', 'https://acme.lightning.force.com/lightning/page/home', 'Home\nQuarterly Performance\nToday\u2019s Events\nAssistant\nNothing needs your attention right now.'],
    ['a Connect page that mentions an expired item deep in the page', CONNECT_URL, `Dashboard\n${'Metrics and queues. '.repeat(150)}\nSession expired items: 0`],
    ['an AWS page about an expired password', SAML_URL, 'Amazon Web Services Sign In\nYour password has expired. Choose a new password.'],
    ['a Salesforce page with a Bad Request heading', IDP_URL, 'Bad Request'],
    ['a Salesforce page with a Session Expired heading', IDP_URL, 'Session Expired'],
    ['an empty page', SAML_URL, ''],
  ])('returns undefined for %s', (_name, url, text) => {
    expect(classifyPageText({ url, text })).toBeUndefined();
  });

  it('does not look for AWS messages on a Salesforce page that quotes them (a help article)', () => {
    expect(classifyPageText({ url: 'https://help.salesforce.com/s/articleView?id=005316458', text: `Voice SSO errors\nThe AWS page may say: ${KB.signatureInvalid}` })).toBeUndefined();
  });

  it('does not classify a long article that quotes a Salesforce message far down the page', () => {
    const article = `${'An article about single sign-on troubleshooting, written in plain words. '.repeat(40)}\nError Message #2: ${KB.dataNotAvailable}`;
    expect(classifyPageText({ url: 'https://help.salesforce.com/s/articleView?id=005316458', text: article })).toBeUndefined();
  });

  it('does not look for Salesforce messages on an AWS page', () => {
    expect(classifyPageText({ url: SAML_URL, text: 'Insufficient Privileges' })).toBeUndefined();
  });

  it('requires the Insufficient Privileges heading to be prominent on a long Salesforce page', () => {
    const long = `${'Opportunity pipeline and forecasts. '.repeat(80)}\nInsufficient Privileges`;
    expect(classifyPageText({ url: 'https://acme.lightning.force.com/lightning/page/home', text: long })).toBeUndefined();
  });

  it('never echoes more than 300 characters even for a one-line page', () => {
    const text = `Error: Response signature invalid ${'x'.repeat(5000)}`;
    const page = classifyPageText({ url: SAML_URL, text });
    expect(page?.classification).toBe('aws-signature-invalid');
    expect(page?.excerpt.length).toBeLessThanOrEqual(300);
  });

  it('stops reading service groups after a bounded number', () => {
    const group = '(Service: AWSSecurityTokenService; Status Code: 400; Error Code: InvalidIdentityToken; Request ID: a)';
    const page = classifyPageText({ url: SAML_URL, text: `Error: x ${group.repeat(50)}` });
    expect(page?.serviceErrors?.length).toBe(8);
  });
});
