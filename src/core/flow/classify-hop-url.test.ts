import { describe, expect, it } from 'vitest';
import {
  classifyHopUrl,
  connectAppInfo,
  extractMyDomain,
  isAwsSamlEndpoint,
  isSalesforceHost,
  parseConnectFederateUrl,
} from './classify-hop-url.ts';
import type { HopKind } from './flow.ts';

const RELAY = 'https%3A%2F%2Fus-east-1.console.aws.amazon.com%2Fconnect%2Ffederate%2Fabc%3Fdestination%3D%252Fconnect%252Fccp-v2';

describe('classifyHopUrl', () => {
  describe.each<[string, string, HopKind]>([
    ['production IdP-initiated link', `https://acme.my.salesforce.com/idp/login?app=0sp5f000000XyZa&RelayState=${RELAY}`, 'salesforce-idp'],
    ['sandbox IdP-initiated link', 'https://acme--uat.sandbox.my.salesforce.com/idp/login?app=0sp5f000000XyZaAAK', 'salesforce-idp'],
    ['Developer Edition link', 'https://acme-dev-ed.develop.my.salesforce.com/idp/login?app=0sp5f000000XyZa', 'salesforce-idp'],
    ['scratch org link', 'https://power-fun-1234.scratch.my.salesforce.com/idp/login?app=0sp5f000000XyZa', 'salesforce-idp'],
    ['Trailhead Playground link', 'https://curious-fox-abc.trailblaze.my.salesforce.com/idp/login?app=0sp5f000000XyZa', 'salesforce-idp'],
    ['demo org link', 'https://org62.demo.my.salesforce.com/idp/login?app=0sp5f000000XyZa', 'salesforce-idp'],
    ['patch org link', 'https://org62.patch.my.salesforce.com/idp/login?app=0sp5f000000XyZa', 'salesforce-idp'],
    ['free org link', 'https://org62.free.my.salesforce.com/idp/login?app=0sp5f000000XyZa', 'salesforce-idp'],
    ['SP-initiated POST endpoint', 'https://acme.my.salesforce.com/idp/endpoint/HttpPost', 'salesforce-idp'],
    ['SP-initiated redirect endpoint', 'https://acme.my.salesforce.com/idp/endpoint/HttpRedirect?SAMLRequest=fZ', 'salesforce-idp'],
    ['Experience Cloud site IdP link', 'https://acme.my.site.com/partners/idp/login?app=0sp5f000000XyZa', 'salesforce-idp'],
    ['login page remembering the IdP link', 'https://acme.my.salesforce.com/?ec=302&startURL=%2Fidp%2Flogin%3Fapp%3D0sp5f000000XyZa', 'salesforce-login'],
    ['generic login page remembering the IdP link', 'https://login.salesforce.com/?startURL=%2Fidp%2Flogin%3Fapp%3D0sp5f000000XyZa', 'salesforce-login'],
    ['sandbox generic login page', 'https://test.salesforce.com/?ec=302&startURL=%2Fidp%2Flogin%3Fapp%3D0sp1', 'salesforce-login'],
    ['Experience Cloud login page', 'https://acme.my.site.com/s/login/?ec=302&startURL=%2Fpartners%2Fidp%2Flogin%3Fapp%3D0sp1', 'salesforce-login'],
    ['login page without an IdP start URL', 'https://login.salesforce.com/', 'salesforce-other'],
    ['login page starting somewhere else', 'https://acme.my.salesforce.com/?ec=302&startURL=%2Flightning%2Fpage%2Fhome', 'salesforce-other'],
    ['Lightning console', 'https://acme.lightning.force.com/lightning/page/home', 'salesforce-other'],
    ['sandbox Lightning console', 'https://acme--uat.sandbox.lightning.force.com/lightning/page/home', 'salesforce-other'],
    ['Setup domain', 'https://acme.my.salesforce-setup.com/lightning/setup/SetupOneHome/home', 'salesforce-other'],
    ['Visualforce page', 'https://acme--c.vf.force.com/apex/Softphone', 'salesforce-other'],
    ['sandbox Visualforce page', 'https://acme--uat--c.sandbox.vf.force.com/apex/Softphone', 'salesforce-other'],
    ['global AWS SAML endpoint', 'https://signin.aws.amazon.com/saml', 'aws-saml'],
    ['regional AWS SAML endpoint', 'https://eu-central-1.signin.aws.amazon.com/saml', 'aws-saml'],
    ['regional endpoint of a newer region', 'https://ap-southeast-7.signin.aws.amazon.com/saml', 'aws-saml'],
    ['encrypted-assertion ACS', 'https://us-west-2.signin.aws.amazon.com/saml/acs/SAMLSP4SHN3UIS2D558H46', 'aws-saml'],
    ['China SAML endpoint', 'https://signin.amazonaws.cn/saml', 'aws-saml'],
    ['China regional SAML endpoint', 'https://cn-north-1.signin.amazonaws.cn/saml', 'aws-saml'],
    ['GovCloud SAML endpoint', 'https://signin.amazonaws-us-gov.com/saml', 'aws-saml'],
    ['GovCloud regional SAML endpoint', 'https://us-gov-west-1.signin.amazonaws-us-gov.com/saml', 'aws-saml'],
    ['AWS sign-in metadata document', 'https://signin.aws.amazon.com/static/saml-metadata.xml', 'aws-signin-other'],
    ['AWS sign-in federation endpoint', 'https://signin.aws.amazon.com/federation?Action=login', 'aws-signin-other'],
    ['regional Connect federation', 'https://us-east-1.console.aws.amazon.com/connect/federate/1a2b3c4d-aaaa-bbbb-cccc-1234567890ab?destination=%2Fconnect%2Fccp-v2', 'connect-federate'],
    ['global Connect federation', 'https://console.aws.amazon.com/connect/federate/1a2b3c4d-aaaa-bbbb-cccc-1234567890ab', 'connect-federate'],
    ['GovCloud Connect federation', 'https://us-gov-west-1.console.amazonaws-us-gov.com/connect/federate/1a2b3c4d', 'connect-federate'],
    ['console home', 'https://us-east-1.console.aws.amazon.com/console/home', 'aws-console-other'],
    ['Connect on the new domain', 'https://acme-cc.my.connect.aws/connect/home', 'connect-app'],
    ['CCP on the new domain', 'https://acme-cc.my.connect.aws/connect/ccp-v2', 'connect-app'],
    ['Connect on the old domain', 'https://acme-cc.awsapps.com/connect/home', 'connect-app'],
    ['Connect on GovCloud', 'https://acme-cc.govcloud.connect.aws/connect/home', 'connect-app'],
    ['an IAM Identity Center portal on awsapps.com', 'https://d-1234567890.awsapps.com/start', 'other'],
    ['a look-alike of the sign-in host', 'https://signin.aws.amazon.com.evil.example/saml', 'other'],
    ['a look-alike of a Salesforce host', 'https://acme.my.salesforce.com.evil.example/idp/login?app=0sp1', 'other'],
    ['a host that only ends like Salesforce', 'https://notsalesforce.com/idp/login', 'other'],
    ['a URL with user info before a Salesforce host', 'https://user@acme.my.salesforce.com/idp/login?app=0sp1', 'salesforce-idp'],
    ['a URL with the sign-in host as user info', 'https://signin.aws.amazon.com@evil.example/saml', 'other'],
    ['a sign-in URL with an explicit port', 'https://signin.aws.amazon.com:443/saml', 'aws-saml'],
    ['a sign-in URL with a trailing-dot host', 'https://signin.aws.amazon.com./saml', 'aws-saml'],
    ['an unrelated site', 'https://www.example.com/', 'other'],
    ['a data URL', 'data:text/html,<p>hi</p>', 'other'],
    ['not a URL at all', 'not a url', 'other'],
    ['an empty string', '', 'other'],
  ])('%s', (_name, url, kind) => {
    it(`classifies ${url.slice(0, 80)} as ${kind}`, () => {
      expect(classifyHopUrl(url)).toBe(kind);
    });
  });

  it('ignores letter case in host names', () => {
    expect(classifyHopUrl('https://SIGNIN.AWS.Amazon.COM/saml')).toBe('aws-saml');
    expect(classifyHopUrl('https://Acme.My.Salesforce.com/idp/login?app=0sp1')).toBe('salesforce-idp');
  });
});

describe('isSalesforceHost', () => {
  it.each(['acme.my.salesforce.com', 'login.salesforce.com', 'acme--c.vf.force.com', 'acme.my.site.com', 'acme.my.salesforce-setup.com', 'acme.my.salesforce.mil', 'force.com', 'ACME.Lightning.Force.com.'])(
    'accepts %s',
    (host) => {
      expect(isSalesforceHost(host)).toBe(true);
    },
  );

  it.each(['salesforce.com.evil.example', 'evilforce.com', 'signin.aws.amazon.com', 'example.com', ''])('rejects %s', (host) => {
    expect(isSalesforceHost(host)).toBe(false);
  });
});

describe('isAwsSamlEndpoint', () => {
  it.each<[string, string, string | undefined]>([
    ['https://signin.aws.amazon.com/saml', 'aws', undefined],
    ['https://us-east-2.signin.aws.amazon.com/saml', 'aws', 'us-east-2'],
    ['https://il-central-1.signin.aws.amazon.com/saml/acs/SAMLSPABCDEF', 'aws', 'il-central-1'],
    ['https://signin.amazonaws.cn/saml', 'aws-cn', undefined],
    ['https://cn-northwest-1.signin.amazonaws.cn/saml', 'aws-cn', 'cn-northwest-1'],
    ['https://signin.amazonaws-us-gov.com/saml', 'aws-us-gov', undefined],
    ['https://us-gov-east-1.signin.amazonaws-us-gov.com/saml', 'aws-us-gov', 'us-gov-east-1'],
  ])('reads %s as partition %s, region %s', (url, partition, region) => {
    expect(isAwsSamlEndpoint(url)).toEqual({ partition, region, url });
  });

  it.each([
    'https://signin.aws.amazon.com/federation',
    'https://signin.aws.amazon.com/samlx',
    'http2://signin.aws.amazon.com/saml',
    'https://notaregion.signin.aws.amazon.com/saml',
    'https://signin.aws.amazon.com.example/saml',
  ])('rejects %s', (url) => {
    expect(isAwsSamlEndpoint(url)).toBeUndefined();
  });
});

describe('parseConnectFederateUrl', () => {
  it('reads region, instance and destination from a regional federation URL', () => {
    expect(parseConnectFederateUrl('https://ap-southeast-2.console.aws.amazon.com/connect/federate/1a2b3c4d-aaaa-bbbb-cccc-1234567890ab?destination=%2Fconnect%2Fccp-v2')).toEqual({
      region: 'ap-southeast-2',
      instanceId: '1a2b3c4d-aaaa-bbbb-cccc-1234567890ab',
      destination: '/connect/ccp-v2',
    });
  });

  it('leaves the region undefined for the global console without a region parameter', () => {
    expect(parseConnectFederateUrl('https://console.aws.amazon.com/connect/federate/inst-1')).toEqual({ region: undefined, instanceId: 'inst-1', destination: undefined });
  });

  it('takes the region from a region query parameter on the global console', () => {
    expect(parseConnectFederateUrl('https://console.aws.amazon.com/connect/federate/inst-1?region=eu-west-2')?.region).toBe('eu-west-2');
  });

  it('returns undefined for a console page that is not the federation endpoint', () => {
    expect(parseConnectFederateUrl('https://us-east-1.console.aws.amazon.com/connect/home')).toBeUndefined();
  });
});

describe('connectAppInfo', () => {
  it.each<[string, string, string]>([
    ['https://acme-cc.my.connect.aws/connect/ccp-v2', 'acme-cc', 'my.connect.aws'],
    ['https://acme-cc.awsapps.com/connect/home', 'acme-cc', 'awsapps.com'],
    ['https://fed-cc.govcloud.connect.aws/connect/home', 'fed-cc', 'govcloud.connect.aws'],
  ])('reads %s as alias %s on %s', (url, alias, domain) => {
    const info = connectAppInfo(url);
    expect(info?.alias).toBe(alias);
    expect(info?.domain).toBe(domain);
    expect(info?.origin).toBe(new URL(url).origin);
  });

  it('returns undefined for a non-Connect awsapps.com page', () => {
    expect(connectAppInfo('https://d-1234567890.awsapps.com/start')).toBeUndefined();
  });
});

describe('extractMyDomain', () => {
  it.each<[string, string | undefined]>([
    ['https://acme.my.salesforce.com/idp/login?app=0sp1', 'https://acme.my.salesforce.com'],
    ['https://ACME.my.salesforce.com/', 'https://acme.my.salesforce.com'],
    ['https://acme--uat.sandbox.my.salesforce.com/idp/login?app=0sp1', 'https://acme--uat.sandbox.my.salesforce.com'],
    ['https://acme.lightning.force.com/lightning/page/home', 'https://acme.my.salesforce.com'],
    ['https://acme--uat.sandbox.lightning.force.com/lightning/page/home', 'https://acme--uat.sandbox.my.salesforce.com'],
    ['https://acme-dev-ed.develop.lightning.force.com/', 'https://acme-dev-ed.develop.my.salesforce.com'],
    ['https://org62.demo.my.salesforce.com/', 'https://org62.demo.my.salesforce.com'],
    ['https://acme.my.salesforce-setup.com/lightning/setup', 'https://acme.my.salesforce.com'],
    ['https://acme--c.vf.force.com/apex/Page', 'https://acme.my.salesforce.com'],
    ['https://acme--uat--c.sandbox.vf.force.com/apex/Page', 'https://acme--uat.sandbox.my.salesforce.com'],
    ['https://acme--c.na123.visual.force.com/apex/Page', 'https://acme.my.salesforce.com'],
    ['https://acme.my.salesforce.mil/', 'https://acme.my.salesforce.mil'],
    ['https://login.salesforce.com/', undefined],
    ['https://na1.salesforce.com/', undefined],
    ['https://acme.my.site.com/s/', undefined],
    ['https://signin.aws.amazon.com/saml', undefined],
    ['garbage', undefined],
  ])('maps %s to %s', (url, expected) => {
    expect(extractMyDomain(url)).toBe(expected);
  });
});
