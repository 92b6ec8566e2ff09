import { describe, expect, it } from 'vitest';
import { classifySender, matchesPattern, type ExtensionIdentity } from './classify-sender.ts';

const IDENTITY: ExtensionIdentity = {
  extensionId: 'abcdefghijklmnop',
  extensionOrigin: 'chrome-extension://abcdefghijklmnop/',
  contentScriptMatches: ['https://*.salesforce.com/*', 'https://signin.aws.amazon.com/*', 'https://*.connect.aws/*'],
};

describe('classifySender', () => {
  it('recognises the popup as an extension page', () => {
    expect(classifySender({ id: IDENTITY.extensionId, url: 'chrome-extension://abcdefghijklmnop/src/popup/index.html' }, IDENTITY)).toEqual({ kind: 'extension-page' });
  });

  it('recognises an extension page opened in a tab as an extension page', () => {
    expect(classifySender({ id: IDENTITY.extensionId, url: 'chrome-extension://abcdefghijklmnop/src/report/index.html', tabId: 4, frameId: 0 }, IDENTITY)).toEqual({
      kind: 'extension-page',
    });
  });

  it('recognises our content script on a manifest host, with its tab and frame', () => {
    expect(classifySender({ id: IDENTITY.extensionId, url: 'https://acme.my.salesforce.com/idp/login?app=1', tabId: 4, frameId: 2 }, IDENTITY)).toEqual({
      kind: 'content-script',
      tabId: 4,
      frameId: 2,
      url: 'https://acme.my.salesforce.com/idp/login?app=1',
    });
  });

  it.each([
    ['another extension', { id: 'otherextension', url: 'chrome-extension://otherextension/page.html' }],
    ['a page outside the manifest hosts', { id: IDENTITY.extensionId, url: 'https://example.org/', tabId: 1 }],
    ['a look-alike host', { id: IDENTITY.extensionId, url: 'https://salesforce.com.evil.example/', tabId: 1 }],
    ['a content script without a tab', { id: IDENTITY.extensionId, url: 'https://acme.my.salesforce.com/' }],
    ['a sender without a URL', { id: IDENTITY.extensionId }],
    ['another extension claiming our origin in its URL path', { id: 'otherextension', url: 'chrome-extension://abcdefghijklmnop/src/popup/index.html' }],
  ])('refuses %s', (_label, sender) => {
    expect(classifySender(sender, IDENTITY)).toBeUndefined();
  });
});

describe('matchesPattern', () => {
  it.each([
    ['https://acme.my.salesforce.com/x', 'https://*.salesforce.com/*', true],
    ['https://salesforce.com/', 'https://*.salesforce.com/*', true],
    ['http://acme.my.salesforce.com/x', 'https://*.salesforce.com/*', false],
    ['https://acme.salesforce.com.example/', 'https://*.salesforce.com/*', false],
    ['https://notsalesforce.com/', 'https://*.salesforce.com/*', false],
    ['https://signin.aws.amazon.com/saml', 'https://signin.aws.amazon.com/*', true],
    ['https://eu-west-1.signin.aws.amazon.com/saml', 'https://signin.aws.amazon.com/*', false],
    ['https://acme.my.connect.aws/ccp-v2', 'https://*.connect.aws/*', true],
    ['https://acme.awsapps.com/connect/home', 'https://*.awsapps.com/connect/*', true],
    ['https://acme.awsapps.com/start', 'https://*.awsapps.com/connect/*', false],
    ['not a url', 'https://*.salesforce.com/*', false],
  ])('%s against %s is %s', (url, pattern, expected) => {
    expect(matchesPattern(url, pattern)).toBe(expected);
  });
});
