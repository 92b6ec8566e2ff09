/**
 * Regression: CWE-200 (Exposure of Sensitive Information to an Unauthorized Actor) and CWE-532
 * (Insertion of Sensitive Information into Log File) through exported reports.
 *
 * A captured SAML flow holds bearer credentials and personal data. Reports are attached to
 * support cases and HAR files are passed around, so every export format must be free of them.
 * The property: random secrets planted in every field of a flow and its diagnosis (NameID,
 * RoleSessionName, emails, display names, Salesforce user and org ids, AWS account ids, Connect
 * instance ids, cookies, URL query tokens, the certificate, the signature value) never appear in
 * the redacted Markdown, JSON or HAR export, nor in `redactHar` of a raw HAR carrying them: not
 * as they are, not in another letter case, not URL-, XML- or JSON-escaped, and not base64-encoded
 * (at any alignment, and inside any base64 value, which is decoded and searched too).
 */
import { Buffer } from 'node:buffer';
import fc from 'fast-check';
import type { Entry, Har } from 'har-format';
import { inflateRaw } from 'pako';
import { describe, expect, it } from 'vitest';
import { buildSalesforceResponse, encodePost, errorPage, federateHop, connectAppHop, flowWithSamlPost, sharedTestIdp, TEST_DEFAULTS, testContext, type TestIdp } from '../../testing/saml-builder.ts';
import { diagnoseFlow } from '../diagnosis/diagnose.ts';
import type { Diagnosis } from '../diagnosis/diagnosis.ts';
import type { Flow, Hop } from '../flow/flow.ts';
import { exportFlowReport } from '../export/export-flow-report.ts';
import { redactHar } from '../redaction/redact-har.ts';

const RUNS = Number(process.env['LEAK_RUNS'] ?? 15);
/** LEAK_SEED picks a sequence for this test alone; otherwise the global seed (FC_SEED, vitest.setup.ts). */
const SEED = process.env['LEAK_SEED'] === undefined ? undefined : Number(process.env['LEAK_SEED']);

interface Secrets {
  readonly alias: string;
  readonly emailLocal: string;
  readonly email: string;
  readonly displayName: string;
  readonly userId: string;
  readonly orgId: string;
  readonly accountId: string;
  readonly instanceId: string;
  readonly otherConnectUser: string;
  readonly token: string;
  readonly cookie: string;
  readonly sessionParam: string;
}

const word = (min: number, max: number) => fc.stringMatching(new RegExp(`^[a-z][a-z0-9]{${String(min - 1)},${String(max - 1)}}$`));

/** Shortest common substring that counts as overlap: below the 6-character floor of every secret search. */
const OVERLAP = 4;

/** True when `a` and `b` share a substring of OVERLAP characters, ignoring letter case. */
function sharesSubstring(a: string, b: string): boolean {
  const lowerB = b.toLowerCase();
  const lowerA = a.toLowerCase();
  for (let i = 0; i + OVERLAP <= lowerA.length; i++) if (lowerB.includes(lowerA.slice(i, i + OVERLAP))) return true;
  return false;
}

const secretsArbitrary: fc.Arbitrary<Secrets> = fc
  .record({
    alias: word(8, 12),
    emailLocal: word(8, 12),
    domain: word(6, 10),
    first: fc.stringMatching(/^[A-Z][a-z]{6,9}$/),
    last: fc.stringMatching(/^[A-Z][a-z]{6,9}$/),
    userId: fc.stringMatching(/^005[A-Za-z0-9]{15}$/),
    orgId: fc.stringMatching(/^00D[A-Za-z0-9]{15}$/),
    accountId: fc.stringMatching(/^[1-9]\d{11}$/),
    instanceId: fc.uuid(),
    otherConnectUser: word(9, 14),
    token: fc.stringMatching(/^[A-Za-z0-9]{20,28}$/),
    cookie: fc.stringMatching(/^[A-Za-z0-9]{20,28}$/),
    sessionParam: fc.stringMatching(/^[A-Za-z0-9]{20,28}$/),
  })
  // The e-mail domain is kept by redaction (structure): it must not share text with a secret, or
  // the searches below would find the secret's letters (or their base64) in the kept domain.
  .filter((r) => ![r.alias, r.emailLocal, r.first, r.last, r.userId, r.orgId, r.accountId, r.instanceId, r.otherConnectUser, r.token, r.cookie, r.sessionParam].some((secret) => sharesSubstring(`corp-${r.domain}`, secret)))
  .map((r) => ({
    alias: r.alias,
    emailLocal: r.emailLocal,
    email: `${r.emailLocal}@corp-${r.domain}.example`,
    displayName: `${r.first} O'${r.last} & Co`,
    userId: r.userId,
    orgId: r.orgId,
    accountId: r.accountId,
    instanceId: r.instanceId,
    otherConnectUser: r.otherConnectUser,
    token: r.token,
    cookie: r.cookie,
    sessionParam: r.sessionParam,
  }));

/** A Salesforce Voice flow ending at Connect's federation-denied page, with a secret in every field. */
function plantedFlow(idp: TestIdp, s: Secrets): { flow: Flow; xml: string } {
  const roleSessionName = `${s.alias}@${s.userId}@${s.orgId}`;
  const federate = `https://us-east-1.console.aws.amazon.com/connect/federate/${s.instanceId}?destination=%2Fconnect%2Fccp-v2&token=${s.token}`;
  const roleArn = `arn:aws:iam::${s.accountId}:role/AcmeVoice-SAMLRole`;
  const xml = buildSalesforceResponse(idp, {
    nameId: s.email,
    roleSessionName,
    roles: [`${roleArn},arn:aws:iam::${s.accountId}:saml-provider/SalesforceVoiceIdp_${s.orgId}`],
    responseId: `_${s.instanceId}`,
    attributes: {
      'https://aws.amazon.com/SAML/Attributes/PrincipalTag:Email': s.email,
      displayName: s.displayName,
      userId: s.userId.slice(0, 15),
      accountAlias: `${s.accountId.slice(0, 4)}-${s.accountId.slice(4, 8)}-${s.accountId.slice(8)}`,
    },
  });
  const excerpt = `Access denied, Please contact your AWS account administrator for assistance. ${roleArn} user ${roleSessionName.toUpperCase()} (${s.displayName}, ${s.email}) instance ${s.instanceId} sid=${s.cookie}`;
  const flow = flowWithSamlPost(xml, {
    idpUrl: `https://${TEST_DEFAULTS.myDomainHost}/idp/login?app=${TEST_DEFAULTS.connectedAppId}&RelayState=${encodeURIComponent(federate)}&un=${encodeURIComponent(s.email)}&sid=${s.cookie}`,
    samlUrl: `https://signin.aws.amazon.com/saml?SAMLart=${s.token}`,
    relayState: federate,
    thenHops: [
      federateHop({ url: federate, status: 200, page: errorPage('connect-federation-denied', { excerpt, roleArn, title: `Access denied for ${s.displayName}` }) }),
      connectAppHop({ url: `https://acme-voice.my.connect.aws/connect/ccp-v2?session=${s.sessionParam}&user=${s.alias}`, networkError: `net::ERR_ACCESS_DENIED sid=${s.cookie}`, statusText: `Denied ${s.email}` }),
    ],
  });
  return { flow, xml };
}

/** The raw HAR a browser would have written for the flow, with cookies and an Authorization header. */
function rawHar(flow: Flow, s: Secrets): Har {
  const entries = flow.hops.map((hop: Hop): Entry => {
    const form = hop.saml?.SAMLResponse === undefined ? undefined : `SAMLResponse=${encodeURIComponent(hop.saml.SAMLResponse)}&RelayState=${encodeURIComponent(hop.saml.RelayState ?? '')}`;
    const body = hop.page === undefined ? `<html><body>hello ${s.displayName} ${s.email} sid=${s.cookie}</body></html>` : `<html><head><title>${hop.page.title ?? ''}</title></head><body><p>${hop.page.excerpt}</p></body></html>`;
    return {
      startedDateTime: hop.startedAt,
      time: 50,
      request: {
        method: hop.method,
        url: hop.url,
        httpVersion: 'h2',
        cookies: [{ name: 'sid', value: s.cookie }],
        headers: [
          { name: 'Cookie', value: `sid=${s.cookie}; user=${s.email}` },
          { name: 'Authorization', value: `Bearer ${s.token}` },
          { name: 'Referer', value: `https://${TEST_DEFAULTS.myDomainHost}/home?un=${encodeURIComponent(s.email)}` },
          { name: 'X-User', value: s.alias },
        ],
        queryString: [],
        headersSize: -1,
        bodySize: -1,
        ...(form === undefined ? {} : { postData: { mimeType: 'application/x-www-form-urlencoded', text: form } }),
      },
      response: {
        status: hop.status ?? 0,
        statusText: hop.statusText ?? '',
        httpVersion: 'h2',
        cookies: [{ name: 'session', value: s.sessionParam }],
        headers: [{ name: 'Set-Cookie', value: `session=${s.sessionParam}` }, ...(hop.redirectTo === undefined ? [] : [{ name: 'Location', value: hop.redirectTo }])],
        content: { size: body.length, mimeType: 'text/html', text: body },
        redirectURL: hop.redirectTo ?? '',
        headersSize: -1,
        bodySize: -1,
      },
      cache: {},
      timings: { send: 0, wait: 50, receive: 0 },
      _resourceType: 'document',
    };
  });
  return { log: { version: '1.2', creator: { name: 'WebInspector', version: '537.36' }, entries } };
}

function secretList(s: Secrets, idp: TestIdp, xml: string): string[] {
  const signatureValues = [...xml.matchAll(/<ds:SignatureValue>([^<]+)</g)].map((m) => (m[1] ?? '').replace(/\s+/g, ''));
  const digestValues = [...xml.matchAll(/<ds:DigestValue>([^<]+)</g)].map((m) => m[1] ?? '');
  return [
    s.alias,
    s.emailLocal,
    s.email,
    s.displayName,
    s.displayName.split(' ')[0] ?? '',
    s.userId,
    s.userId.slice(0, 15),
    s.orgId,
    s.orgId.slice(0, 15),
    s.accountId,
    `${s.accountId.slice(0, 4)}-${s.accountId.slice(4, 8)}-${s.accountId.slice(8)}`,
    s.instanceId,
    s.otherConnectUser,
    s.token,
    s.cookie,
    s.sessionParam,
    idp.certificateBase64.slice(200, 260),
    ...signatureValues.map((value) => value.slice(20, 80)),
    ...digestValues,
    // The original value whole (a live credential until it expires); its parts are covered by the base64 checks above.
    encodePost(xml),
  ];
}

function xmlEscape(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&apos;');
}

/** Every base64 (or percent-encoded base64) run in the output, decoded, and inflated when it is DEFLATE. */
function decodedBlobs(output: string): string[] {
  const blobs: string[] = [];
  for (const match of output.matchAll(/[A-Za-z0-9+/%=]{24,}/g)) {
    let text = match[0];
    try {
      text = decodeURIComponent(text);
    } catch {
      // not percent-encoded after all
    }
    const base64 = text.replace(/[^A-Za-z0-9+/=]/g, '');
    const bytes = Buffer.from(base64, 'base64');
    blobs.push(bytes.toString('utf8'));
    try {
      blobs.push(new TextDecoder().decode(inflateRaw(bytes)));
    } catch {
      // not DEFLATE
    }
  }
  return blobs;
}

/** The base64 characters that encode `secret` whatever its byte offset inside a larger base64 value. */
function base64Cores(secret: string): string[] {
  return [0, 1, 2].map((offset) => {
    const encoded = Buffer.from(`${'\u0000'.repeat(offset)}${secret}`, 'utf8').toString('base64');
    return encoded.slice(4, -4);
  }).filter((core) => core.length >= 8);
}

function expectNoLeak(format: string, output: string, secrets: readonly string[]): void {
  const haystacks = [output, ...decodedBlobs(output)].map((text) => ({ text, lower: text.toLowerCase() }));
  for (const secret of secrets) {
    if (secret.length < 6) continue;
    const variants = [secret, encodeURIComponent(secret), encodeURIComponent(encodeURIComponent(secret)), xmlEscape(secret), JSON.stringify(secret).slice(1, -1)];
    for (const { text, lower } of haystacks) {
      for (const variant of variants) {
        if (lower.includes(variant.toLowerCase())) throw new Error(`${format} leaks ${JSON.stringify(secret)} as ${JSON.stringify(variant)}`);
      }
      for (const core of base64Cores(secret)) {
        if (text.includes(core)) throw new Error(`${format} leaks ${JSON.stringify(secret)} base64-encoded (${core})`);
      }
    }
  }
}

async function exportsOf(flow: Flow, diagnosis: Diagnosis, context: ReturnType<typeof testContext>, redact: boolean): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const format of ['markdown', 'json', 'har'] as const) {
    out[format] = (await exportFlowReport(flow, diagnosis, { format, redact, salt: 'per-report-salt', now: context.now, context })).content;
  }
  return out;
}

describe('redaction leak regression (CWE-200, CWE-532)', () => {
  it('plants secrets that share no text with the e-mail domain redaction keeps, so a hit is a real leak', () => {
    for (const s of fc.sample(secretsArbitrary, 200)) {
      const domain = s.email.slice(s.email.indexOf('@') + 1, -'.example'.length);
      const planted = [s.alias, s.emailLocal, s.displayName.split(' ')[0] ?? '', s.userId, s.orgId, s.accountId, s.instanceId, s.otherConnectUser, s.token, s.cookie, s.sessionParam];
      for (const secret of planted) expect(sharesSubstring(domain, secret), `${domain} / ${secret}`).toBe(false);
    }
    expect(sharesSubstring('corp-abcdefgh', 'xxBCDEyy')).toBe(true);
  });

  it('finds none of the planted secrets in any redacted export, in any encoding or letter case', async () => {
    const idp = await sharedTestIdp();
    await fc.assert(
      fc.asyncProperty(secretsArbitrary, async (s) => {
        const { flow, xml } = plantedFlow(idp, s);
        const context = testContext({ connectUsers: [{ username: `${s.alias.toUpperCase()}@${s.userId}@${s.orgId}` }, { username: s.otherConnectUser }], instanceId: s.instanceId });
        const diagnosis = await diagnoseFlow(flow, context);
        const secrets = secretList(s, idp, xml);

        // The planting works: the unredacted exports do carry the secrets (so this test can fail).
        const unredacted = await exportsOf(flow, diagnosis, context, false);
        expect(unredacted['json']).toContain(s.email);
        expect(unredacted['markdown']).toContain(s.accountId);
        expect(() => {
          expectNoLeak('unredacted json', unredacted['json'] ?? '', secrets);
        }).toThrow();

        for (const [format, output] of Object.entries(await exportsOf(flow, diagnosis, context, true))) expectNoLeak(format, output, secrets);
        const har = await redactHar(JSON.stringify(rawHar(flow, s)), { salt: 'per-run-salt', now: context.now });
        expect(har.ok).toBe(true);
        expectNoLeak('redactHar', har.ok ? har.har : '', secrets);
      }),
      // Seeded so CI is reproducible (FC_SEED or LEAK_SEED picks another sequence; LEAK_RUNS runs more).
      { numRuns: RUNS, ...(SEED === undefined ? {} : { seed: SEED }) },
    );
  }, 600_000);
});
