import { describe, expect, it } from 'vitest';
import { errorPage, TEST_DEFAULTS } from '../../testing/saml-builder.ts';
import { classifyPageText } from '../flow/classify-page-text.ts';
import type { PageClassification } from '../flow/flow.ts';
import { htmlToText } from '../flow/html-to-text.ts';
import { pageHtml } from './page-html.ts';

const WHERE: Readonly<Record<string, string>> = {
  sf: `https://${TEST_DEFAULTS.myDomainHost}/idp/login?app=${TEST_DEFAULTS.connectedAppId}`,
  aws: TEST_DEFAULTS.samlEndpoint,
  connect: TEST_DEFAULTS.federateUrl,
};

const CLASSIFICATIONS: readonly PageClassification[] = [
  'sf-insufficient-privileges',
  'sf-data-not-available',
  'aws-invalid-saml-response',
  'aws-rolesessionname-required',
  'aws-rolesessionname-invalid',
  'aws-source-identity-invalid',
  'aws-signature-invalid',
  'aws-issuer-not-present',
  'aws-not-authorized-assume-role',
  'aws-provider-not-found',
  'aws-duration-exceeds-max',
  'aws-audience-missing',
  'aws-expired-token',
  'aws-region-disabled',
  'aws-role-selection',
  'connect-not-onboarded',
  'connect-bad-request',
  'connect-federation-denied',
];

describe('pageHtml', () => {
  it.each(CLASSIFICATIONS)('renders a %s page that classifies the same way again, with its service errors and role', (classification) => {
    const page = errorPage(classification, classification === 'connect-federation-denied' ? { roleArn: TEST_DEFAULTS.roleArn } : {});
    const url = WHERE[classification.split('-')[0] ?? ''] ?? TEST_DEFAULTS.samlEndpoint;
    const text = htmlToText(pageHtml(page));
    const again = classifyPageText({ url, title: text.title, text: text.text });
    expect(again?.classification).toBe(classification);
    // The builder's pages do not always fill serviceErrors; reading the excerpt itself tells what the page says.
    const direct = classifyPageText({ url, text: page.excerpt });
    expect(again?.serviceErrors).toEqual(page.serviceErrors ?? direct?.serviceErrors);
    expect(again?.roleArn).toBe(page.roleArn);
  });

  it('escapes HTML in the excerpt and title, so page text cannot become markup', () => {
    const html = pageHtml({ classification: 'unrecognized-error', title: '<script>x</script>', excerpt: 'a <b onclick="x">b</b> & c' });
    expect(html).not.toContain('<script>');
    expect(html).toContain('a &lt;b onclick=&quot;x&quot;&gt;b&lt;/b&gt; &amp; c');
  });
});
