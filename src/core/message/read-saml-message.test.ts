import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseXml } from '../xml/parse-xml.ts';
import { readSamlMessage } from './read-saml-message.ts';
import type { SamlMessage, SamlResponse } from './saml-message.ts';

const P = 'urn:oasis:names:tc:SAML:2.0:protocol';
const A = 'urn:oasis:names:tc:SAML:2.0:assertion';

function read(xml: string): SamlMessage {
  const parsed = parseXml(xml);
  if (!parsed.ok) throw new Error(`test fixture does not parse: ${parsed.problems.map((p) => p.message).join('; ')}`);
  return readSamlMessage(parsed.root);
}

function readResponse(xml: string): SamlResponse {
  const message = read(xml);
  if (message.kind !== 'Response') throw new Error(`expected a Response, got ${message.kind}`);
  return message;
}

/** The model without DOM links, for structural comparison. */
function withoutElements(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutElements);
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).filter(([key]) => key !== 'element').map(([key, inner]) => [key, withoutElements(inner)]));
  }
  return value;
}

const ASSERTION_BODY = (s: string) => `
    <${s}Issuer>https://example.my.salesforce.com</${s}Issuer>
    <${s}Subject>
      <${s}NameID Format="urn:oasis:names:tc:SAML:2.0:nameid-format:persistent" NameQualifier="nq" SPNameQualifier="spnq">005xx000001Sv6A</${s}NameID>
      <${s}SubjectConfirmation Method="urn:oasis:names:tc:SAML:2.0:cm:bearer">
        <${s}SubjectConfirmationData NotOnOrAfter="2026-01-01T00:05:00Z" NotBefore="2025-12-31T23:59:00Z" Recipient="https://signin.aws.amazon.com/saml" InResponseTo="_req"/>
      </${s}SubjectConfirmation>
      <${s}SubjectConfirmation Method="urn:oasis:names:tc:SAML:2.0:cm:holder-of-key"/>
    </${s}Subject>
    <${s}Conditions NotBefore="2025-12-31T23:59:30Z" NotOnOrAfter="2026-01-01T00:05:00Z">
      <${s}AudienceRestriction><${s}Audience>https://signin.aws.amazon.com/saml</${s}Audience></${s}AudienceRestriction>
      <${s}AudienceRestriction><${s}Audience>urn:amazon:webservices</${s}Audience><${s}Audience>third</${s}Audience></${s}AudienceRestriction>
    </${s}Conditions>
    <${s}AuthnStatement AuthnInstant="2026-01-01T00:00:00Z" SessionIndex="s1" SessionNotOnOrAfter="2026-01-01T12:00:00Z">
      <${s}AuthnContext><${s}AuthnContextClassRef>urn:oasis:names:tc:SAML:2.0:ac:classes:unspecified</${s}AuthnContextClassRef></${s}AuthnContext>
    </${s}AuthnStatement>
    <${s}AttributeStatement>
      <${s}Attribute Name="https://aws.amazon.com/SAML/Attributes/Role" NameFormat="urn:oasis:names:tc:SAML:2.0:attrname-format:uri" FriendlyName="Role">
        <${s}AttributeValue>arn:aws:iam::123456789012:role/Agent,arn:aws:iam::123456789012:saml-provider/SalesforceVoiceIdp</${s}AttributeValue>
      </${s}Attribute>
      <${s}Attribute Name="https://aws.amazon.com/SAML/Attributes/RoleSessionName">
        <${s}AttributeValue> padded@00Dxx </${s}AttributeValue>
      </${s}Attribute>
    </${s}AttributeStatement>`;

const RESPONSE = `<samlp:Response xmlns:samlp="${P}" xmlns:saml="${A}" ID="_r1" Version="2.0" IssueInstant="2026-01-01T00:00:00Z" Destination="https://signin.aws.amazon.com/saml" InResponseTo="_req">
  <saml:Issuer>https://example.my.salesforce.com</saml:Issuer>
  <samlp:Status><samlp:StatusCode Value="urn:oasis:names:tc:SAML:2.0:status:Success"/></samlp:Status>
  <saml:Assertion ID="_a1" Version="2.0" IssueInstant="2026-01-01T00:00:00Z">${ASSERTION_BODY('saml:')}
  </saml:Assertion>
</samlp:Response>`;

describe('readSamlMessage', () => {
  it('reads every Response field and the assertion inside it', () => {
    const response = readResponse(RESPONSE);
    expect(response).toMatchObject({
      kind: 'Response',
      id: '_r1',
      version: '2.0',
      destination: 'https://signin.aws.amazon.com/saml',
      issueInstant: '2026-01-01T00:00:00Z',
      inResponseTo: '_req',
      issuer: 'https://example.my.salesforce.com',
      status: { code: 'urn:oasis:names:tc:SAML:2.0:status:Success', subCode: undefined, message: undefined },
      encryptedAssertionCount: 0,
      inSoapEnvelope: false,
      nestedAssertions: [],
    });
    expect(response.bareAssertion).toBeUndefined();
    expect(response.outsideSamlNamespace).toBeUndefined();
    const [assertion] = response.assertions;
    expect(response.assertions).toHaveLength(1);
    expect(assertion).toMatchObject({
      id: '_a1',
      version: '2.0',
      path: '/Response/Assertion',
      depth: 1,
      issuer: 'https://example.my.salesforce.com',
      subject: {
        nameId: {
          value: '005xx000001Sv6A',
          format: 'urn:oasis:names:tc:SAML:2.0:nameid-format:persistent',
          nameQualifier: 'nq',
          spNameQualifier: 'spnq',
          hasCommentOrCdata: false,
          firstTextNode: '005xx000001Sv6A',
        },
        confirmations: [
          {
            method: 'urn:oasis:names:tc:SAML:2.0:cm:bearer',
            recipient: 'https://signin.aws.amazon.com/saml',
            notOnOrAfter: '2026-01-01T00:05:00Z',
            notBefore: '2025-12-31T23:59:00Z',
            inResponseTo: '_req',
          },
          { method: 'urn:oasis:names:tc:SAML:2.0:cm:holder-of-key', recipient: undefined, notOnOrAfter: undefined },
        ],
      },
      conditions: {
        notBefore: '2025-12-31T23:59:30Z',
        notOnOrAfter: '2026-01-01T00:05:00Z',
        audiences: ['https://signin.aws.amazon.com/saml', 'urn:amazon:webservices', 'third'],
      },
      authnStatements: [
        {
          authnInstant: '2026-01-01T00:00:00Z',
          sessionIndex: 's1',
          sessionNotOnOrAfter: '2026-01-01T12:00:00Z',
          authnContextClassRef: 'urn:oasis:names:tc:SAML:2.0:ac:classes:unspecified',
        },
      ],
    });
    expect(assertion?.element.getAttribute('ID')).toBe('_a1');
    expect(response.element.getAttribute('ID')).toBe('_r1');
  });

  it('keeps attribute values exactly, whitespace included, and interprets the AWS ones', () => {
    const [assertion] = readResponse(RESPONSE).assertions;
    expect(assertion?.attributes).toEqual([
      {
        name: 'https://aws.amazon.com/SAML/Attributes/Role',
        nameFormat: 'urn:oasis:names:tc:SAML:2.0:attrname-format:uri',
        friendlyName: 'Role',
        values: ['arn:aws:iam::123456789012:role/Agent,arn:aws:iam::123456789012:saml-provider/SalesforceVoiceIdp'],
        hasCommentOrCdata: false,
      },
      {
        name: 'https://aws.amazon.com/SAML/Attributes/RoleSessionName',
        nameFormat: undefined,
        friendlyName: undefined,
        values: [' padded@00Dxx '],
        hasCommentOrCdata: false,
      },
    ]);
    expect(assertion?.aws.roleSessionName).toEqual([' padded@00Dxx ']);
    expect(assertion?.aws.roles[0]).toMatchObject({ roleName: 'Agent', providerName: 'SalesforceVoiceIdp', order: 'role-first', issues: [] });
  });

  it('yields the same model whatever prefixes or default namespaces the document uses', () => {
    const defaultNs = `<Response xmlns="${P}" ID="_r1" Version="2.0" IssueInstant="2026-01-01T00:00:00Z" Destination="https://signin.aws.amazon.com/saml" InResponseTo="_req">
  <Issuer xmlns="${A}">https://example.my.salesforce.com</Issuer>
  <Status><StatusCode Value="urn:oasis:names:tc:SAML:2.0:status:Success"/></Status>
  <Assertion xmlns="${A}" ID="_a1" Version="2.0" IssueInstant="2026-01-01T00:00:00Z">${ASSERTION_BODY('')}
  </Assertion>
</Response>`;
    const oddPrefixes = `<x:Response xmlns:x="${P}" xmlns:saml="urn:example:not-saml" ID="_r1" Version="2.0" IssueInstant="2026-01-01T00:00:00Z" Destination="https://signin.aws.amazon.com/saml" InResponseTo="_req">
  <samlp:Issuer xmlns:samlp="${A}">https://example.my.salesforce.com</samlp:Issuer>
  <x:Status><x:StatusCode Value="urn:oasis:names:tc:SAML:2.0:status:Success"/></x:Status>
  <saml2:Assertion xmlns:saml2="${A}" ID="_a1" Version="2.0" IssueInstant="2026-01-01T00:00:00Z">${ASSERTION_BODY('saml2:')}
  </saml2:Assertion>
  <saml:Assertion ID="_decoy"><saml:Issuer>prefix saml, but not the SAML namespace</saml:Issuer></saml:Assertion>
</x:Response>`;
    const reference = withoutElements(readResponse(RESPONSE));
    expect(withoutElements(readResponse(defaultNs))).toEqual(reference);
    expect(withoutElements(readResponse(oddPrefixes))).toEqual(reference);
  });

  it('joins the text nodes of a NameID split by a comment and flags the injection', () => {
    const response = readResponse(
      `<samlp:Response xmlns:samlp="${P}" xmlns:saml="${A}"><saml:Assertion><saml:Subject><saml:NameID>admin@example.com<!---->.evil.example</saml:NameID></saml:Subject></saml:Assertion></samlp:Response>`,
    );
    expect(response.assertions[0]?.subject?.nameId).toMatchObject({
      value: 'admin@example.com.evil.example',
      firstTextNode: 'admin@example.com',
      hasCommentOrCdata: true,
    });
  });

  it('reads CDATA sections inside a NameID and an attribute value as text and flags them', () => {
    const response = readResponse(
      `<samlp:Response xmlns:samlp="${P}" xmlns:saml="${A}"><saml:Assertion><saml:Subject><saml:NameID><![CDATA[user]]>@example.com</saml:NameID></saml:Subject>` +
        `<saml:AttributeStatement><saml:Attribute Name="n"><saml:AttributeValue>a<![CDATA[<b>]]>c</saml:AttributeValue><saml:AttributeValue>plain</saml:AttributeValue></saml:Attribute></saml:AttributeStatement></saml:Assertion></samlp:Response>`,
    );
    const [assertion] = response.assertions;
    expect(assertion?.subject?.nameId).toMatchObject({ value: 'user@example.com', firstTextNode: 'user', hasCommentOrCdata: true });
    expect(assertion?.attributes[0]).toMatchObject({ values: ['a<b>c', 'plain'], hasCommentOrCdata: true });
  });

  it('reads a nested second-level status code and the status message', () => {
    const response = readResponse(
      `<samlp:Response xmlns:samlp="${P}"><samlp:Status><samlp:StatusCode Value="urn:oasis:names:tc:SAML:2.0:status:Responder"><samlp:StatusCode Value="urn:oasis:names:tc:SAML:2.0:status:RequestDenied"/></samlp:StatusCode><samlp:StatusMessage>No access</samlp:StatusMessage></samlp:Status></samlp:Response>`,
    );
    expect(response.status).toEqual({
      code: 'urn:oasis:names:tc:SAML:2.0:status:Responder',
      subCode: 'urn:oasis:names:tc:SAML:2.0:status:RequestDenied',
      message: 'No access',
    });
    expect(response.assertions).toEqual([]);
  });

  it('records assertions hidden in Extensions or another wrapper as nested, not as the response assertions', () => {
    const response = readResponse(
      `<samlp:Response xmlns:samlp="${P}" xmlns:saml="${A}">
        <samlp:Extensions><saml:Assertion ID="_signed"><saml:Subject><saml:NameID>victim</saml:NameID></saml:Subject></saml:Assertion></samlp:Extensions>
        <saml:Assertion ID="_forged"><saml:Subject><saml:NameID>attacker</saml:NameID></saml:Subject>
          <saml:Advice><saml:Assertion ID="_advice"/></saml:Advice></saml:Assertion>
        <wrap><saml:EncryptedAssertion/></wrap>
      </samlp:Response>`,
    );
    expect(response.assertions.map((a) => a.id)).toEqual(['_forged']);
    expect(response.nestedAssertions?.map((a) => [a.id, a.path, a.depth])).toEqual([
      ['_signed', '/Response/Extensions/Assertion', 2],
      ['_advice', '/Response/Assertion/Advice/Assertion', 3],
    ]);
    expect(response.nestedAssertions?.[0]?.subject?.nameId?.value).toBe('victim');
    expect(response.encryptedAssertionCount).toBe(0);
    expect(response.nestedEncryptedAssertionCount).toBe(1);
  });

  it('counts encrypted assertions and reads an EncryptedID subject as unreadable', () => {
    const response = readResponse(
      `<samlp:Response xmlns:samlp="${P}" xmlns:saml="${A}"><saml:EncryptedAssertion/><saml:EncryptedAssertion/>` +
        `<saml:Assertion><saml:Subject><saml:EncryptedID/></saml:Subject></saml:Assertion></samlp:Response>`,
    );
    expect(response.encryptedAssertionCount).toBe(2);
    expect(response.assertions[0]?.subject).toMatchObject({ nameId: undefined, encryptedId: true });
  });

  it('reads a Response delivered inside a SOAP envelope (ECP)', () => {
    const response = readResponse(
      `<S:Envelope xmlns:S="http://schemas.xmlsoap.org/soap/envelope/"><S:Header/><S:Body><samlp:Response xmlns:samlp="${P}" ID="_soap" Destination="https://signin.aws.amazon.com/saml"><saml:Issuer xmlns:saml="${A}">urn:idp</saml:Issuer></samlp:Response></S:Body></S:Envelope>`,
    );
    expect(response).toMatchObject({ id: '_soap', issuer: 'urn:idp', inSoapEnvelope: true, destination: 'https://signin.aws.amazon.com/saml' });
  });

  it('models a bare Assertion root as a Response-less message', () => {
    const response = readResponse(`<saml:Assertion xmlns:saml="${A}" ID="_bare" Version="2.0">${ASSERTION_BODY('saml:')}</saml:Assertion>`);
    expect(response).toMatchObject({ bareAssertion: true, id: undefined, issuer: undefined, status: undefined, nestedAssertions: [] });
    expect(response.assertions.map((a) => [a.id, a.path, a.depth, a.issuer])).toEqual([['_bare', '/Assertion', 0, 'https://example.my.salesforce.com']]);
  });

  it('reads a Response whose elements are in no namespace by local name and marks it', () => {
    const response = readResponse(`<Response ID="_nn" xmlns:samlp="${P}"><Issuer>
    urn:idp
  </Issuer><Assertion ID="_a"><Subject><NameID> user </NameID></Subject></Assertion></Response>`);
    expect(response).toMatchObject({ outsideSamlNamespace: true, id: '_nn', issuer: '\n    urn:idp\n  ' });
    expect(response.assertions[0]?.subject?.nameId?.value).toBe(' user ');
  });

  it('does not treat a namespaced non-SAML Response as SAML', () => {
    const message = read('<x:Response xmlns:x="urn:example"><x:Assertion/></x:Response>');
    expect(message).toMatchObject({ kind: 'Unknown', rootName: '{urn:example}Response' });
  });

  it('reads an AuthnRequest', () => {
    const message = read(
      `<samlp:AuthnRequest xmlns:samlp="${P}" ID="_q" Destination="https://idp/sso" IssueInstant="2026-01-01T00:00:00Z" AssertionConsumerServiceURL="https://sp/acs" ProtocolBinding="urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST"><saml:Issuer xmlns:saml="${A}">https://sp</saml:Issuer><samlp:NameIDPolicy Format="urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress"/></samlp:AuthnRequest>`,
    );
    expect(message).toMatchObject({
      kind: 'AuthnRequest',
      id: '_q',
      destination: 'https://idp/sso',
      issueInstant: '2026-01-01T00:00:00Z',
      issuer: 'https://sp',
      assertionConsumerServiceUrl: 'https://sp/acs',
      protocolBinding: 'urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST',
      nameIdPolicyFormat: 'urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress',
    });
  });

  it('reads a LogoutRequest with its NameID and session indexes', () => {
    const message = read(
      `<samlp:LogoutRequest xmlns:samlp="${P}" xmlns:saml="${A}" ID="_l" NotOnOrAfter="2026-01-01T00:10:00Z"><saml:Issuer>https://idp</saml:Issuer><saml:NameID Format="f">user</saml:NameID><samlp:SessionIndex>s1</samlp:SessionIndex><samlp:SessionIndex>s2</samlp:SessionIndex></samlp:LogoutRequest>`,
    );
    expect(message).toMatchObject({ kind: 'LogoutRequest', id: '_l', issuer: 'https://idp', notOnOrAfter: '2026-01-01T00:10:00Z', nameId: { value: 'user', format: 'f' }, sessionIndexes: ['s1', 's2'] });
  });

  it('reads a LogoutResponse with its status', () => {
    const message = read(
      `<samlp:LogoutResponse xmlns:samlp="${P}" ID="_lr" InResponseTo="_l"><samlp:Status><samlp:StatusCode Value="urn:oasis:names:tc:SAML:2.0:status:Success"/></samlp:Status></samlp:LogoutResponse>`,
    );
    expect(message).toMatchObject({ kind: 'LogoutResponse', id: '_lr', inResponseTo: '_l', issuer: undefined, status: { code: 'urn:oasis:names:tc:SAML:2.0:status:Success' } });
  });

  it('names any other root element in {namespace}localName form', () => {
    expect(read('<md:EntityDescriptor xmlns:md="urn:oasis:names:tc:SAML:2.0:metadata"/>')).toMatchObject({
      kind: 'Unknown',
      rootName: '{urn:oasis:names:tc:SAML:2.0:metadata}EntityDescriptor',
    });
    expect(read('<lolz/>')).toMatchObject({ kind: 'Unknown', rootName: 'lolz' });
    expect(read('<S:Envelope xmlns:S="http://schemas.xmlsoap.org/soap/envelope/"><S:Body/></S:Envelope>')).toMatchObject({
      kind: 'Unknown',
      rootName: '{http://schemas.xmlsoap.org/soap/envelope/}Envelope',
    });
  });

  it('leaves missing elements and attributes undefined instead of throwing', () => {
    const response = readResponse(
      `<samlp:Response xmlns:samlp="${P}" xmlns:saml="${A}"><samlp:Status/><saml:Assertion><saml:Subject><saml:SubjectConfirmation/></saml:Subject><saml:Conditions/><saml:AuthnStatement/><saml:AttributeStatement><saml:Attribute/></saml:AttributeStatement></saml:Assertion></samlp:Response>`,
    );
    expect(response).toMatchObject({ id: undefined, issuer: undefined, status: { code: undefined, subCode: undefined, message: undefined } });
    expect(response.assertions[0]).toMatchObject({
      id: undefined,
      issuer: undefined,
      subject: { nameId: undefined, confirmations: [{ method: undefined, recipient: undefined }] },
      conditions: { notBefore: undefined, notOnOrAfter: undefined, audiences: [] },
      authnStatements: [{ authnInstant: undefined, authnContextClassRef: undefined }],
      attributes: [{ name: '', values: [] }],
    });
  });

  it('never throws on arbitrary trees of SAML-named elements in SAML, foreign or no namespaces', () => {
    const names = ['Response', 'Assertion', 'Issuer', 'Status', 'StatusCode', 'StatusMessage', 'Subject', 'NameID', 'SubjectConfirmation', 'SubjectConfirmationData', 'Conditions', 'AudienceRestriction', 'Audience', 'AuthnStatement', 'AttributeStatement', 'Attribute', 'AttributeValue', 'EncryptedAssertion', 'Envelope', 'Body', 'Extensions'];
    const namespaces = [P, A, 'http://schemas.xmlsoap.org/soap/envelope/', 'urn:example', ''];
    const element = (children: fc.Arbitrary<string>): fc.Arbitrary<string> =>
      fc
        .record({
          name: fc.constantFrom(...names),
          ns: fc.constantFrom(...namespaces),
          attributes: fc.subarray(['ID="_1"', 'Name="https://aws.amazon.com/SAML/Attributes/Role"', 'Value="v"', 'Recipient=""']),
          children: fc.array(children, { maxLength: 4 }),
        })
        .map(({ name, ns, attributes, children: inner }) => `<${name} xmlns="${ns}" ${attributes.join(' ')}>${inner.join('')}</${name}>`);
    const text = fc.constantFrom('text', ' ', '<!--c-->', '<![CDATA[x]]>', '&amp;');
    const node: fc.Memo<string> = fc.memo((depth) => (depth <= 1 ? text : fc.oneof(text, element(node(depth - 1)))));
    fc.assert(
      fc.property(element(node(5)), (xml) => {
        const parsed = parseXml(xml);
        expect(parsed.ok).toBe(true);
        if (!parsed.ok) return;
        const message = readSamlMessage(parsed.root);
        expect(['Response', 'AuthnRequest', 'LogoutRequest', 'LogoutResponse', 'Unknown']).toContain(message.kind);
      }),
      { numRuns: 300 },
    );
  });
});
