import { describe, expect, it } from 'vitest';
import { TEST_DEFAULTS, buildFlow, buildSalesforceResponse, encodePost, idpLoginHop, samlPostHop, sharedTestIdp } from '../../../testing/saml-builder.ts';
import { runScenario } from '../../../testing/scenario-harness.ts';
import { samlUndecodable } from './saml-undecodable.ts';

function flowPosting(...values: string[]) {
  return buildFlow({ hops: [idpLoginHop(), ...values.map((value) => ({ kind: 'aws-saml' as const, url: TEST_DEFAULTS.samlEndpoint, method: 'POST', saml: { SAMLResponse: value } }))] });
}

describe('saml-undecodable', () => {
  it('surfaces the parser problem with its line and column for a truncated response', async () => {
    const idp = await sharedTestIdp();
    const xml = buildSalesforceResponse(idp);
    const [finding] = await runScenario(samlUndecodable, flowPosting(encodePost(xml.slice(0, 400))));
    expect(finding?.id).toBe('saml-undecodable');
    expect(finding?.severity).toBe('error');
    expect(finding?.evidence[0]?.observed).toMatch(/^xml-malformed: .* at line \d+, column \d+$/);
    expect(finding?.evidence[0]?.hopId).toBe('hop-2');
  });

  it('names a value that is not base64 and asks for a new capture', async () => {
    const [finding] = await runScenario(samlUndecodable, flowPosting('PHNhbWxw!!'));
    expect(finding?.evidence[0]?.observed).toMatch(/^base64-invalid: /);
    expect(finding?.remediation[0]?.actor).toBe('agent');
  });

  it('refuses a DOCTYPE with entities as an XXE attack shape', async () => {
    const xxe = '<?xml version="1.0"?><!DOCTYPE r [<!ENTITY x SYSTEM "file:///etc/passwd">]><samlp:Response xmlns:samlp="urn:oasis:names:tc:SAML:2.0:protocol">&x;</samlp:Response>';
    const [finding] = await runScenario(samlUndecodable, flowPosting(encodePost(xxe)));
    expect(finding?.title).toContain('XXE');
    expect(finding?.evidence[0]?.observed).toMatch(/^xml-entity-declaration: .* at line 1, column \d+$/);
  });

  it('flags well-formed XML that is not a SAML Response', async () => {
    const [finding] = await runScenario(samlUndecodable, flowPosting(encodePost('<html><body>login</body></html>')));
    expect(finding?.evidence[0]?.observed).toMatch(/^not-saml: .*html/);
  });

  it('forgets a broken attempt that a readable response followed', async () => {
    const idp = await sharedTestIdp();
    expect(await runScenario(samlUndecodable, flowPosting('PHNhbWxw!!', encodePost(buildSalesforceResponse(idp))))).toEqual([]);
  });

  it('stays silent on the healthy Salesforce response', async () => {
    const idp = await sharedTestIdp();
    const flow = buildFlow({ hops: [idpLoginHop(), samlPostHop(buildSalesforceResponse(idp))] });
    expect(await runScenario(samlUndecodable, flow)).toEqual([]);
  });
});
