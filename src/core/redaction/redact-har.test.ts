import { Buffer } from 'node:buffer';
import type { Entry, Har } from 'har-format';
import { describe, expect, it } from 'vitest';
import { buildSalesforceResponse, encodePost, sharedTestIdp, TEST_DEFAULTS } from '../../testing/saml-builder.ts';
import { flowsFromHar } from '../flow/flow-from-har.ts';
import { analyzeAttestedSamlValue } from './analyze-attested-saml-value.ts';
import { redactHar } from './redact-har.ts';
import { readRedactionAttestation, REDACTION_ATTESTATION_FIELD, redactionValueHash } from './redaction-attestation.ts';

const SESSION_COOKIE = 'sid=00D5g000000abcd!AQ4AQFq9zXkz7cookievalue';
const BEARER = 'Bearer eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJqZG9lIn0.c2lnbmF0dXJl';
const AWS_CREDS = 'aws-creds=AKIAJDOESECRETKEYVALUE';
const EMAIL = 'john.q.public@acme-corp.example';

function entry(partial: {
  url: string;
  method?: string;
  at: string;
  status: number;
  requestHeaders?: Entry['request']['headers'];
  responseHeaders?: Entry['response']['headers'];
  postText?: string;
  body?: string;
  mimeType?: string;
  resourceType?: Entry['_resourceType'];
  redirect?: string;
}): Entry {
  return {
    startedDateTime: partial.at,
    time: 120,
    request: {
      method: partial.method ?? 'GET',
      url: partial.url,
      httpVersion: 'h2',
      cookies: [{ name: 'sid', value: 'cookievalue' }],
      headers: [{ name: 'Cookie', value: SESSION_COOKIE }, { name: 'Sec-Fetch-Dest', value: 'document' }, ...(partial.requestHeaders ?? [])],
      queryString: [],
      headersSize: -1,
      bodySize: partial.postText?.length ?? 0,
      ...(partial.postText === undefined ? {} : { postData: { mimeType: 'application/x-www-form-urlencoded', text: partial.postText } }),
    },
    response: {
      status: partial.status,
      statusText: '',
      httpVersion: 'h2',
      cookies: [{ name: 'aws-creds', value: 'AKIAJDOESECRETKEYVALUE' }],
      headers: [{ name: 'Set-Cookie', value: AWS_CREDS }, { name: 'Date', value: 'Mon, 02 Mar 2026 10:00:02 GMT' }, ...(partial.responseHeaders ?? [])],
      content: { size: partial.body?.length ?? 0, mimeType: partial.mimeType ?? 'text/html', ...(partial.body === undefined ? {} : { text: partial.body }) },
      redirectURL: partial.redirect ?? '',
      headersSize: -1,
      bodySize: -1,
    },
    cache: {},
    timings: { send: 1, wait: 100, receive: 19 },
    _resourceType: partial.resourceType ?? 'document',
    _initiator: { type: 'script', url: `https://acme.my.salesforce.com/x?un=${EMAIL}` },
    serverIPAddress: '203.0.113.7',
  };
}

async function sampleHar(options: { errorPage?: boolean } = {}): Promise<{ har: Har; samlResponse: string; xml: string }> {
  const idp = await sharedTestIdp();
  const xml = buildSalesforceResponse(idp, { nameId: EMAIL, roleSessionName: `jqpublic@${TEST_DEFAULTS.userId}@${TEST_DEFAULTS.orgId}` });
  const samlResponse = encodePost(xml);
  const relay = TEST_DEFAULTS.federateUrl;
  const idpUrl = `https://${TEST_DEFAULTS.myDomainHost}/idp/login?app=${TEST_DEFAULTS.connectedAppId}&RelayState=${encodeURIComponent(relay)}`;
  const errorHtml = `<html><head><title>Amazon Web Services Sign-In</title></head><body><p>Response signature invalid (Service: AWSSecurityTokenService; Status Code: 400; Error Code: InvalidIdentityToken; Request ID: 0f1e2d3c-aaaa-bbbb-cccc-444455556666; Proxy: null). Please try again.</p><p>Signed in as ${EMAIL} in account ${TEST_DEFAULTS.accountId}</p></body></html>`;
  const entries = [
    entry({ url: 'https://cdn.example.net/app.js?token=abc123secret', at: '2026-03-02T09:59:58.000Z', status: 200, mimeType: 'application/javascript', body: `var user="${EMAIL}";`, resourceType: 'script', requestHeaders: [{ name: 'Authorization', value: BEARER }] }),
    entry({ url: idpUrl, at: '2026-03-02T09:59:59.000Z', status: 200, body: `<form method="post" action="https://signin.aws.amazon.com/saml"><input type="hidden" name="SAMLResponse" value="${samlResponse}"></form>` }),
    entry({
      url: TEST_DEFAULTS.samlEndpoint,
      method: 'POST',
      at: '2026-03-02T10:00:00.000Z',
      status: options.errorPage === true ? 200 : 302,
      postText: `SAMLResponse=${encodeURIComponent(samlResponse)}&RelayState=${encodeURIComponent(relay)}&csrf=abcdef0123456789`,
      ...(options.errorPage === true ? { body: errorHtml } : { responseHeaders: [{ name: 'Location', value: relay }], redirect: relay }),
      requestHeaders: [{ name: 'Referer', value: idpUrl }, { name: 'Origin', value: `https://${TEST_DEFAULTS.myDomainHost}` }],
    }),
  ];
  if (options.errorPage !== true) {
    entries.push(
      entry({ url: relay, at: '2026-03-02T10:00:01.000Z', status: 302, responseHeaders: [{ name: 'Location', value: TEST_DEFAULTS.connectAppUrl }], redirect: TEST_DEFAULTS.connectAppUrl }),
      entry({ url: TEST_DEFAULTS.connectAppUrl, at: '2026-03-02T10:00:02.000Z', status: 200, body: '<html><body>CCP for jqpublic</body></html>' }),
      entry({ url: 'https://acme-voice.my.connect.aws/api/agent?x-amz-security-token=FQoGZXIvYXdzEJr', at: '2026-03-02T10:00:03.000Z', status: 200, mimeType: 'application/json', body: `{"username":"jqpublic@${TEST_DEFAULTS.userId}@${TEST_DEFAULTS.orgId}"}`, resourceType: 'xhr', requestHeaders: [{ name: 'X-Amz-Security-Token', value: 'FQoGZXIvYXdzEJr' }] }),
    );
  }
  return { har: { log: { version: '1.2', creator: { name: 'WebInspector', version: '537.36' }, pages: [{ startedDateTime: '2026-03-02T09:59:58.000Z', id: 'page_1', title: idpUrl, pageTimings: { onLoad: 900 } }], entries } }, samlResponse, xml };
}

const SECRETS = ['cookievalue', 'AKIAJDOESECRETKEYVALUE', 'eyJhbGciOiJIUzI1NiJ9', 'abc123secret', 'FQoGZXIvYXdzEJr', 'abcdef0123456789', 'john.q.public', 'jqpublic', TEST_DEFAULTS.accountId, TEST_DEFAULTS.instanceId, TEST_DEFAULTS.userId, TEST_DEFAULTS.orgId, '203.0.113.7'];

describe('redactHar', () => {
  it('removes cookies, tokens, authorization, non-SAML bodies and people from every entry', async () => {
    const { har, samlResponse, xml } = await sampleHar();
    const result = await redactHar(JSON.stringify(har), { salt: 'salt', now: '2026-03-02T12:00:00.000Z' });
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    const signatureValue = /<ds:SignatureValue>([^<]{40})/.exec(xml)?.[1] ?? 'missing';
    const decodedSamlValues = [...result.har.matchAll(/"value": "(PH[^"]+)"/g)].map((m) => Buffer.from(decodeURIComponent(m[1] ?? ''), 'base64').toString('utf8'));
    expect(decodedSamlValues).toHaveLength(1);
    for (const secret of [...SECRETS, samlResponse, signatureValue]) {
      expect(result.har).not.toContain(secret);
      for (const decoded of decodedSamlValues) expect(decoded).not.toContain(secret);
    }
    const fields = result.receipt.map((entry) => `${entry.action} ${entry.field}`);
    for (const expected of ['removed Cookie header', 'removed Set-Cookie header', 'removed Authorization header', 'removed Response bodies', 'removed Request cookies', 'removed SignatureValue', 'removed URL parameter token', 'removed Request body parameters other than SAML fields', 'pseudonymized NameID']) {
      expect(fields).toContain(expected);
    }
  });

  it('keeps the SSO structure: the redacted HAR imports to the same flow, with attested signatures', async () => {
    const { har } = await sampleHar();
    const result = await redactHar(JSON.stringify(har), { salt: 'salt', now: '2026-03-02T12:00:00.000Z' });
    if (!result.ok) throw new Error('redaction failed');
    const before = flowsFromHar(har).flows;
    const redactedHar = JSON.parse(result.har) as Har & { log: { entries: Record<string, unknown>[] } };
    const after = flowsFromHar(redactedHar).flows;
    expect(after.map((flow) => flow.hops.map((hop) => [hop.kind, hop.method, hop.status, hop.serverDate, hop.redirectTo === undefined]))).toEqual(
      before.map((flow) => flow.hops.map((hop) => [hop.kind, hop.method, hop.status, hop.serverDate, hop.redirectTo === undefined])),
    );
    const post = after[0]?.hops.find((hop) => hop.kind === 'aws-saml');
    const attestation = readRedactionAttestation(redactedHar.log.entries[2]?.[REDACTION_ATTESTATION_FIELD]);
    expect(attestation?.valueSha256).toBe(redactionValueHash(post?.saml?.SAMLResponse ?? ''));
    const analysis = analyzeAttestedSamlValue(post?.saml?.SAMLResponse ?? '', 'SAMLResponse', attestation ?? ({} as never));
    expect(analysis?.signatures?.signatures.map((check) => check.outcome)).toEqual(['valid-keyinfo-only', 'valid-keyinfo-only']);
    expect(post?.saml?.RelayState).toMatch(/^https:\/\/us-east-1\.console\.aws\.amazon\.com\/connect\/federate\/[0-9a-f-]{36}\?destination=%2Fconnect%2Fccp-v2$/);
  });

  it('keeps a classified AWS error page as its scrubbed excerpt, with the request id, and drops the rest of the page', async () => {
    const { har } = await sampleHar({ errorPage: true });
    const result = await redactHar(JSON.stringify(har), { salt: 'salt', now: '2026-03-02T12:00:00.000Z' });
    if (!result.ok) throw new Error('redaction failed');
    const page = flowsFromHar(JSON.parse(result.har)).flows[0]?.hops.at(-1)?.page;
    expect(page?.classification).toBe('aws-signature-invalid');
    expect(page?.serviceErrors?.[0]?.requestId).toBe('0f1e2d3c-aaaa-bbbb-cccc-444455556666');
    expect(result.har).not.toContain('john.q.public');
    expect(result.har).not.toContain('Signed in as');
  });

  it('writes the redaction notice and receipt into the log and names sso-doctor as creator', async () => {
    const { har } = await sampleHar();
    const result = await redactHar(JSON.stringify(har), { salt: 'salt', now: '2026-03-02T12:00:00.000Z' });
    if (!result.ok) throw new Error('redaction failed');
    const log = (JSON.parse(result.har) as { log: { creator: { name: string; comment: string }; comment: string; _ssoDoctor: { receipt: unknown[]; redacted: boolean } } }).log;
    expect(log.creator.name).toBe('sso-doctor');
    expect(log.creator.comment).toContain('WebInspector');
    expect(log.comment).toMatch(/^Redacted by sso-doctor/);
    expect(log._ssoDoctor.redacted).toBe(true);
    expect(log._ssoDoctor.receipt).toEqual(result.receipt);
  });

  it('gives the same pseudonyms for the same salt and other ones for another salt', async () => {
    const { har } = await sampleHar();
    const run = async (salt: string) => {
      const result = await redactHar(JSON.stringify(har), { salt, now: '2026-03-02T12:00:00.000Z' });
      return result.ok ? result.har : '';
    };
    expect(await run('one')).toBe(await run('one'));
    expect(await run('one')).not.toBe(await run('two'));
  });

  it('answers input that is not a HAR with a problem instead of throwing', async () => {
    for (const text of ['not json', '[]', '{"log":{}}', '{"log":{"entries":{}}}']) {
      const result = await redactHar(text, { salt: 'salt', now: '2026-03-02T12:00:00.000Z' });
      expect(result.ok).toBe(false);
      expect(result.ok ? '' : result.problems[0]?.code).toBe('har-invalid');
    }
    const odd = await redactHar(JSON.stringify({ log: { entries: [null, 7, { request: 'x' }, { request: { url: 5 } }] } }), { salt: 'salt', now: '2026-03-02T12:00:00.000Z' });
    expect(odd.ok).toBe(true);
  });
});
