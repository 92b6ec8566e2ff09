import { MESSAGE_CHANNEL } from '../src/messaging/message-envelope.ts';
import { expect, test, type LoopbackHandler } from './fixtures.ts';
import { readStoredCapture } from './support/read-stored-capture.ts';

// Why this spec exists: it proves, in a real Chromium with the built extension, the one path unit
// tests cannot: webRequest sees the auto-submitted SAML POST (body included), the content script
// reads the AWS error page, the worker stores the flow in storage.session, diagnoses it, and sets
// the badge. The full federation lab (lab/) drives the scenario suites; this smoke test needs only
// a two-page loopback server.

const IDP_LOGIN = 'https://acme.my.salesforce.com/idp/login?app=0spXX0000000001';
const ACS = 'https://signin.aws.amazon.com/saml';
const RELAY_STATE = 'https://us-east-1.console.aws.amazon.com/connect/federate/11111111-2222-3333-4444-555555555555';

function samlResponse(now: Date): string {
  const iso = (offsetMs: number) => new Date(now.getTime() + offsetMs).toISOString();
  const xml = `<samlp:Response xmlns:samlp="urn:oasis:names:tc:SAML:2.0:protocol" xmlns:saml="urn:oasis:names:tc:SAML:2.0:assertion" ID="_e2e-response" Version="2.0" IssueInstant="${iso(0)}" Destination="${ACS}">
  <saml:Issuer>https://acme.my.salesforce.com</saml:Issuer>
  <samlp:Status><samlp:StatusCode Value="urn:oasis:names:tc:SAML:2.0:status:Success"/></samlp:Status>
  <saml:Assertion ID="_e2e-assertion" Version="2.0" IssueInstant="${iso(0)}">
    <saml:Issuer>https://acme.my.salesforce.com</saml:Issuer>
    <saml:Subject>
      <saml:NameID Format="urn:oasis:names:tc:SAML:1.1:nameid-format:unspecified">agent@acme.example</saml:NameID>
      <saml:SubjectConfirmation Method="urn:oasis:names:tc:SAML:2.0:cm:bearer"><saml:SubjectConfirmationData NotOnOrAfter="${iso(300_000)}" Recipient="${ACS}"/></saml:SubjectConfirmation>
    </saml:Subject>
    <saml:Conditions NotBefore="${iso(-60_000)}" NotOnOrAfter="${iso(300_000)}"><saml:AudienceRestriction><saml:Audience>https://signin.aws.amazon.com/saml</saml:Audience></saml:AudienceRestriction></saml:Conditions>
    <saml:AuthnStatement AuthnInstant="${iso(0)}"><saml:AuthnContext><saml:AuthnContextClassRef>urn:oasis:names:tc:SAML:2.0:ac:classes:PasswordProtectedTransport</saml:AuthnContextClassRef></saml:AuthnContext></saml:AuthnStatement>
    <saml:AttributeStatement>
      <saml:Attribute Name="https://aws.amazon.com/SAML/Attributes/Role"><saml:AttributeValue>arn:aws:iam::123456789012:role/ConnectAgent,arn:aws:iam::123456789012:saml-provider/Salesforce</saml:AttributeValue></saml:Attribute>
      <saml:Attribute Name="https://aws.amazon.com/SAML/Attributes/RoleSessionName"><saml:AttributeValue>agent@005xx000001Sv6a@00Dxx0000001gEb</saml:AttributeValue></saml:Attribute>
    </saml:AttributeStatement>
  </saml:Assertion>
</samlp:Response>`;
  return Buffer.from(xml, 'utf8').toString('base64');
}

/** Salesforce answers idp/login with a form that posts the assertion to AWS; AWS rejects it. */
function federationPages(value: string, posts: string[]): LoopbackHandler {
  return (request, response) => {
    if (request.host === 'acme.my.salesforce.com' && request.url?.startsWith('/idp/login')) {
      response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(`<!doctype html><html><head><title>Salesforce</title></head>
<body onload="document.forms[0].submit()"><form method="POST" action="${ACS}">
<input type="hidden" name="SAMLResponse" value="${value}"><input type="hidden" name="RelayState" value="${RELAY_STATE}">
<noscript><button>Continue</button></noscript></form></body></html>`);
      return;
    }
    if (request.host === 'signin.aws.amazon.com' && request.method === 'POST' && request.url === '/saml') {
      posts.push(request.body);
      response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(`<!doctype html><html><head><title>Amazon Web Services Sign-In</title></head>
<body><h1>Error</h1><p>Your request included an invalid SAML response. To logout, click here.</p>
<p>Response signature invalid (Service: AWSSecurityTokenService; Status Code: 400; Error Code: InvalidIdentityToken; Request ID: 4b1e0c3a-e2e0-4f00-9000-000000000001; Proxy: null)</p></body></html>`);
      return;
    }
    response.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
  };
}

test('captures the SAML POST into a stored, diagnosed flow and raises the badge', async ({ context, loopback, serviceWorker, extensionPage }) => {
  const value = samlResponse(new Date());
  const posts: string[] = [];
  loopback.handle(federationPages(value, posts));

  const page = await context.newPage();
  await page.goto(IDP_LOGIN);
  await expect(page).toHaveTitle('Amazon Web Services Sign-In');
  expect(new URLSearchParams(posts[0]).get('SAMLResponse')).toBe(value);

  const readCapture = () => readStoredCapture(extensionPage);
  await expect.poll(async () => (await readCapture())?.flows[0]?.diagnosis?.primary.id, { timeout: 15_000 }).toBeDefined();

  const captured = (await readCapture())?.flows ?? [];
  expect(captured).toHaveLength(1);
  const { flow, diagnosis } = captured[0]!;
  expect(flow.hops.map((hop) => [hop.kind, hop.method])).toEqual([
    ['salesforce-idp', 'GET'],
    ['aws-saml', 'POST'],
  ]);
  const post = flow.hops[1]!;
  expect(post.saml?.SAMLResponse).toBe(value);
  expect(post.saml?.RelayState).toBe(RELAY_STATE);
  expect(post.status).toBe(200);
  expect(post.serverDate).toMatch(/^\d{4}-\d\d-\d\dT/);
  expect(post.page?.classification).toBe('aws-signature-invalid');
  expect(flow).toMatchObject({ state: 'ended', closeReason: 'error-page' });
  expect(diagnosis?.flowId).toBe(flow.id);
  expect(diagnosis?.primary.severity).toBe('error');

  expect(await serviceWorker.evaluate(() => chrome.action.getBadgeText({}))).toBe('!');

  // The export the popup offers is redacted by default: the live assertion and the user's name stay
  // home. The page builds it from what the worker hands over (the worker itself carries no export code).
  const request = { channel: MESSAGE_CHANNEL, method: 'getExportInput', args: [flow.id] };
  const input = await extensionPage.evaluate<{ ok: boolean; value?: { flow: { id: string }; diagnosis: { flowId: string } } }, typeof request>(
    (message) => chrome.runtime.sendMessage(message),
    request,
  );
  expect(input.value?.flow.id).toBe(flow.id);
  await extensionPage.reload();
  await extensionPage.getByRole('button', { name: 'Export report' }).click();
  const preview = extensionPage.getByLabel('Preview', { exact: true });
  await expect(preview).toContainText('sso-doctor', { timeout: 10_000 });
  const exported = (await preview.textContent()) ?? '';
  expect(exported).not.toContain(value.slice(0, 40));
  expect(exported).not.toContain('agent@acme.example');
});

test('Diagnose opens the configured Telephony Provider Settings link and follows its flow', async ({ context, loopback, extensionPage }) => {
  loopback.handle(federationPages(samlResponse(new Date()), []));
  const call = (method: string, ...args: unknown[]) =>
    extensionPage.evaluate((message) => chrome.runtime.sendMessage(message), { channel: MESSAGE_CHANNEL, method, args });

  expect(await call('startGuidedDiagnose')).toEqual({ ok: true, value: { ok: false, reason: 'no-link' } });
  expect(await call('saveSettings', { telephonyProviderSettingsUrl: IDP_LOGIN })).toMatchObject({ ok: true, value: { values: { telephonyProviderSettingsUrl: IDP_LOGIN }, managed: [] } });

  const opened = context.waitForEvent('page');
  const started = (await call('startGuidedDiagnose')) as { ok: true; value: { ok: true; tabId: number } };
  expect(started.value.ok).toBe(true);
  const tab = await opened;
  await expect(tab).toHaveTitle('Amazon Web Services Sign-In');

  await expect
    .poll(async () => {
      const state = (await call('getState')) as { value: { guided?: { flowId?: string }; latest?: { flow: { id: string; tabId?: number } } } };
      return state.value.guided?.flowId !== undefined && state.value.guided.flowId === state.value.latest?.flow.id ? state.value.latest.flow.tabId : undefined;
    }, { timeout: 15_000 })
    .toBe(started.value.tabId);
});
