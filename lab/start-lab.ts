import { randomBytes } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { createServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { signInWithSaml, type FederatedSession } from './aws-sign-in.ts';
import { federateToConnect, SESSION_EXPIRED_PAGE } from './federate-to-connect.ts';
import { hostResolverRules, labHosts, serviceForHost, tlsHostNames, type LabHosts } from './lab-hosts.ts';
import { fillTemplate, LAB_IDENTITY, type LabIdentity } from './lab-identity.ts';
import { createLabKeys, type LabKeys } from './lab-keys.ts';
import { escapeHtml, renderErrorPage, renderPage, type ErrorPage } from './render-page.ts';
import { renderIdpMetadata } from './render-idp-metadata.ts';
import { resolveScenarioConfig } from './resolve-scenario-config.ts';
import { idpLogin, renderAutoPostForm } from './salesforce-idp-login.ts';
import { LAB_SCENARIOS, type LabScenarioConfig, type LabScenarioName } from './scenarios.ts';

export interface LabOptions {
  readonly scenario: LabScenarioName;
  /** Port on 127.0.0.1; 0 or absent picks a free one. */
  readonly port?: number;
}

/** Every secret value the lab puts into messages; a redacted export must contain none of them. */
export interface LabSecrets {
  readonly orgId: string;
  readonly orgId15: string;
  readonly userId: string;
  readonly userId15: string;
  readonly alias: string;
  readonly displayName: string;
  readonly username: string;
  readonly email: string;
  readonly nameId: string;
  /** RoleSessionName values the scenarios send (one per distinct value). */
  readonly roleSessionNames: readonly string[];
  readonly accountId: string;
  readonly instanceId: string;
  /** Base64 DER bodies of every IdP certificate generated at start. */
  readonly certificateBodies: readonly string[];
  /** SignatureValue of every signature the IdP has made so far (grows while the lab runs). */
  readonly signatureValues: readonly string[];
  /** Session cookie values and federation tokens issued so far (grows while the lab runs). */
  readonly tokens: readonly string[];
  /** All of the above in one list. */
  all(): readonly string[];
}

export interface LabRequest {
  readonly method: string;
  readonly host: string;
  /** Path with query string. */
  readonly path: string;
  /** Epoch milliseconds (real clock). */
  readonly time: number;
}

export interface LabUrls {
  /** The contact center's Telephony Provider Settings link (IdP-initiated login). */
  readonly telephonyProviderSettings: string;
  /** Lightning console page that starts SSO in a hidden iframe, like Omni-Channel. */
  readonly consolePage: string;
  /** RelayState: the Connect federation URL on the regional console. */
  readonly federate: string;
  /** CCP on the Connect instance host (direct access without a session shows "Session Expired"). */
  readonly ccp: string;
  /** Salesforce IdP metadata as its Identity Provider page offers it (current signing certificate). */
  readonly salesforceMetadata: string;
}

export interface Lab {
  readonly port: number;
  readonly hosts: LabHosts;
  readonly identity: LabIdentity;
  /** The active scenario. */
  readonly scenario: LabScenarioName;
  /** Switches scenario; sessions of the previous one are forgotten. */
  setScenario(name: LabScenarioName): void;
  /** The exact `--host-resolver-rules` value for Chromium (no quotes). */
  readonly hostResolverRules: string;
  readonly urls: LabUrls;
  readonly secrets: LabSecrets;
  readonly requestLog: readonly LabRequest[];
  /** The IdP metadata IAM holds for the active scenario's provider. */
  awsProviderMetadata(): string;
  close(): Promise<void>;
}

const MAX_BODY_BYTES = 1024 * 1024;
const AWS_SESSION_COOKIE = 'aws-creds';
const CONNECT_SESSION_COOKIE = 'connect-session';

interface ConnectSession {
  readonly federated: FederatedSession;
  readonly expired: boolean;
}

interface LabState {
  scenario: LabScenarioName;
  config: LabScenarioConfig;
  readonly awsSessions: Map<string, FederatedSession>;
  readonly connectTokens: Map<string, ConnectSession>;
  readonly connectSessions: Map<string, ConnectSession>;
}

function readCookie(request: IncomingMessage, name: string): string | undefined {
  for (const part of (request.headers.cookie ?? '').split(';')) {
    const [key, ...value] = part.trim().split('=');
    if (key === name) return value.join('=');
  }
  return undefined;
}

/**
 * Partitioned (CHIPS) so the cookie also works when SSO runs in the console's hidden third-party
 * iframe; SameSite=None because the sign-in POST comes from another site.
 */
function sessionCookie(name: string, value: string, domain: string | null): string {
  return [`${name}=${value}`, 'Path=/', 'Secure', 'HttpOnly', 'SameSite=None', 'Partitioned', ...(domain === null ? [] : [`Domain=${domain}`])].join(
    '; ',
  );
}

function readBody(request: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    request.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) {
        reject(new Error('request body too large'));
        request.destroy();
        return;
      }
      chunks.push(chunk);
    });
    request.on('end', () => {
      resolve(Buffer.concat(chunks).toString('utf8'));
    });
    request.on('error', reject);
  });
}

function token(): string {
  return randomBytes(24).toString('base64url');
}

function shifted(offsetSeconds: number): Date {
  return new Date(Date.now() + offsetSeconds * 1000);
}

/**
 * Starts the federation lab: one HTTPS server on 127.0.0.1 that plays Salesforce (IdP and
 * Lightning console), AWS sign-in, the AWS console's Connect federation and the Connect instance,
 * dispatching on the Host header. Keys and certificates are generated at each start.
 */
export async function startLab(options: LabOptions): Promise<Lab> {
  const identity = LAB_IDENTITY;
  const hosts = labHosts(identity);
  const keys: LabKeys = await createLabKeys(tlsHostNames(hosts), identity.orgId15, new Date());
  const state: LabState = {
    scenario: options.scenario,
    config: resolveScenarioConfig(LAB_SCENARIOS[options.scenario].config, identity),
    awsSessions: new Map(),
    connectTokens: new Map(),
    connectSessions: new Map(),
  };
  const requestLog: LabRequest[] = [];
  const signatureValues: string[] = [];
  const tokens: string[] = [];

  const federateUrl = `https://${hosts.console}/connect/federate/${identity.instanceId}?destination=${encodeURIComponent('/connect/ccp-v2')}`;
  const telephonyProviderSettings = `https://${hosts.salesforce}/idp/login?app=${identity.connectedAppId}&RelayState=${encodeURIComponent(federateUrl)}`;

  function send(response: ServerResponse, status: number, body: string, headers: Readonly<Record<string, string | string[]>> = {}): void {
    response.writeHead(status, { 'Content-Type': 'text/html; charset=utf-8', 'Cache-Control': 'no-store', ...headers });
    response.end(body);
  }

  function sendPage(response: ServerResponse, page: ErrorPage): void {
    send(response, page.status, renderErrorPage(page));
  }

  function notFound(response: ServerResponse): void {
    sendPage(response, { status: 404, title: 'Not Found', heading: 'Not Found', paragraphs: ['The lab does not serve this address.'] });
  }

  function redirect(response: ServerResponse, location: string, headers: Readonly<Record<string, string>> = {}): void {
    send(response, 302, '', { Location: location, ...headers });
  }

  async function handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const host = (request.headers.host ?? '').replace(/:\d+$/, '').toLowerCase();
    const url = new URL(request.url ?? '/', `https://${host || 'lab.invalid'}`);
    const method = request.method ?? 'GET';
    requestLog.push({ method, host, path: url.pathname + url.search, time: Date.now() });
    const { salesforce, aws, connect } = state.config;
    const service = serviceForHost(host, hosts);
    const clockOffset = service.kind === 'salesforce' || service.kind === 'lightning' ? salesforce.clockOffsetSeconds : aws.clockOffsetSeconds;
    // Node sends a Date header by itself, but with the real clock; the lab's servers have their own.
    response.setHeader('Date', shifted(clockOffset).toUTCString());

    switch (service.kind) {
      case 'salesforce': {
        if (method === 'GET' && url.pathname === '/idp/login') {
          const decision = idpLogin(
            { app: url.searchParams.get('app'), relayState: url.searchParams.get('RelayState'), now: shifted(salesforce.clockOffsetSeconds) },
            { identity, salesforce, keys },
          );
          if (decision.kind === 'page') {
            sendPage(response, decision.page);
            return;
          }
          signatureValues.push(...decision.response.signatureValues);
          send(response, 200, renderAutoPostForm(decision.acsUrl, decision.response.base64, decision.relayState));
          return;
        }
        if (method === 'GET' && url.pathname === '/.well-known/samlidp.xml' && salesforce.signingCertificate !== 'deleted') {
          const certificate = keys.idp[salesforce.signingCertificate].certificateBase64;
          send(response, 200, renderIdpMetadata(`https://${hosts.salesforce}`, certificate, `https://${hosts.salesforce}`), {
            'Content-Type': 'application/xml; charset=utf-8',
          });
          return;
        }
        notFound(response);
        return;
      }
      case 'lightning': {
        if (method === 'GET' && url.pathname === '/lightning/page/home') {
          send(
            response,
            200,
            renderPage({
              title: 'Home | Salesforce',
              bodyHtml: [
                '<h1>Home</h1>',
                '<section aria-label="Omni-Channel"><h2>Omni-Channel</h2><p>Status: Available</p></section>',
                // Omni-Channel signs the agent in to Connect in the background (KB 005316458).
                `<iframe hidden title="Salesforce Voice sign-in" width="0" height="0" style="display:none" src="${escapeHtml(telephonyProviderSettings)}"></iframe>`,
              ].join('\n'),
            }),
          );
          return;
        }
        notFound(response);
        return;
      }
      case 'sign-in': {
        if (url.pathname === '/logout') {
          sendPage(response, { status: 200, title: 'Amazon Web Services Sign-In', heading: 'Signed out', paragraphs: ['You have signed out.'] });
          return;
        }
        if (url.pathname !== '/saml') {
          notFound(response);
          return;
        }
        const form = method === 'POST' ? new URLSearchParams(await readBody(request)) : new URLSearchParams();
        const decision = signInWithSaml(
          {
            samlResponse: form.get('SAMLResponse') ?? undefined,
            relayState: form.get('RelayState') ?? undefined,
            endpoint: { origin: service.origin, region: service.region },
            now: shifted(aws.clockOffsetSeconds),
          },
          { accountId: identity.accountId, aws, certificates: keys.idp },
        );
        if (!decision.ok) {
          const message =
            decision.kind === 'invalid-saml-response'
              ? 'Your request included an invalid SAML response. To logout, click <a href="/logout">here</a>.'
              : escapeHtml(decision.message);
          send(response, decision.status, renderPage({ title: 'Amazon Web Services Sign-In', bodyHtml: `<main>\n<h1>Error</h1>\n<p>${message}</p>\n</main>` }));
          return;
        }
        const cookie = token();
        tokens.push(cookie);
        state.awsSessions.set(cookie, decision.session);
        redirect(response, decision.redirect, { 'Set-Cookie': sessionCookie(AWS_SESSION_COOKIE, cookie, '.aws.amazon.com') });
        return;
      }
      case 'console': {
        const federate = /^\/connect\/federate\/([^/]+)$/.exec(url.pathname);
        if (method === 'GET' && federate?.[1] !== undefined) {
          const cookie = readCookie(request, AWS_SESSION_COOKIE);
          const decision = federateToConnect(
            {
              session: cookie === undefined ? undefined : state.awsSessions.get(cookie),
              instanceId: decodeURIComponent(federate[1]),
              destination: url.searchParams.get('destination'),
            },
            { instanceId: identity.instanceId, aws, connect },
          );
          if (decision.kind === 'page') {
            sendPage(response, decision.page);
            return;
          }
          const federationToken = token();
          tokens.push(federationToken);
          state.connectTokens.set(federationToken, { federated: decision.session, expired: connect.sessionAlreadyExpired });
          const target = new URL(`https://${decision.ccpHost}/auth/sign-in`);
          target.searchParams.set('token', federationToken);
          target.searchParams.set('destination', decision.destination);
          redirect(response, target.toString());
          return;
        }
        if (method === 'GET' && url.pathname === '/console/home') {
          send(response, 200, renderPage({ title: 'AWS Management Console', bodyHtml: '<h1>AWS Management Console</h1>' }));
          return;
        }
        notFound(response);
        return;
      }
      case 'connect': {
        if (method === 'GET' && url.pathname === '/auth/sign-in') {
          const session = state.connectTokens.get(url.searchParams.get('token') ?? '');
          if (session === undefined) {
            sendPage(response, SESSION_EXPIRED_PAGE);
            return;
          }
          state.connectTokens.delete(url.searchParams.get('token') ?? '');
          const cookie = token();
          tokens.push(cookie);
          state.connectSessions.set(cookie, session);
          const destination = url.searchParams.get('destination') ?? '/connect/home';
          redirect(response, destination.startsWith('/connect/') ? destination : '/connect/home', {
            'Set-Cookie': sessionCookie(CONNECT_SESSION_COOKIE, cookie, null),
          });
          return;
        }
        if (method === 'GET' && /^\/connect\/(ccp-v2|ccp|home)\/?$/.test(url.pathname)) {
          const cookie = readCookie(request, CONNECT_SESSION_COOKIE);
          const session = cookie === undefined ? undefined : state.connectSessions.get(cookie);
          if (session === undefined || session.expired) {
            sendPage(response, SESSION_EXPIRED_PAGE);
            return;
          }
          const ccp = url.pathname.startsWith('/connect/ccp');
          send(
            response,
            200,
            renderPage({
              title: ccp ? 'Amazon Connect - Contact Control Panel' : 'Amazon Connect',
              bodyHtml: [
                `<h1>${ccp ? 'Contact Control Panel' : 'Amazon Connect'}</h1>`,
                `<p>Signed in as ${escapeHtml(session.federated.roleSessionName)}</p>`,
                '<p>Status: Available</p>',
              ].join('\n'),
            }),
          );
          return;
        }
        notFound(response);
        return;
      }
      case 'unknown':
        notFound(response);
        return;
    }
  }

  const server = createServer({ key: keys.tls.privateKeyPem, cert: keys.tls.certificatePem }, (request, response) => {
    handle(request, response).catch((error: unknown) => {
      if (!response.headersSent) {
        send(response, 500, renderErrorPage({ status: 500, title: 'Lab error', heading: 'Lab error', paragraphs: [String(error)] }));
      } else {
        response.destroy();
      }
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port; // -- reason: a TCP listener's address() is always an AddressInfo

  const roleSessionNames = [
    ...new Set(
      Object.values(LAB_SCENARIOS)
        .map((s) => s.config.salesforce.roleSessionName)
        .filter((name) => name !== null)
        .map((name) => fillTemplate(name, identity).trim()),
    ),
  ];
  const certificateBodies = Object.values(keys.idp).map((c) => c.certificateBase64);
  const secrets: LabSecrets = {
    orgId: identity.orgId,
    orgId15: identity.orgId15,
    userId: identity.userId,
    userId15: identity.userId15,
    alias: identity.alias,
    displayName: identity.displayName,
    username: identity.username,
    email: identity.email,
    nameId: identity.persistentNameId,
    roleSessionNames,
    accountId: identity.accountId,
    instanceId: identity.instanceId,
    certificateBodies,
    signatureValues,
    tokens,
    all: () => [
      identity.orgId,
      identity.orgId15,
      identity.userId,
      identity.userId15,
      identity.alias,
      identity.displayName,
      identity.username,
      identity.email,
      identity.persistentNameId,
      ...roleSessionNames,
      identity.accountId,
      identity.instanceId,
      ...certificateBodies,
      ...signatureValues,
      ...tokens,
    ],
  };

  return {
    port,
    hosts,
    identity,
    get scenario() {
      return state.scenario;
    },
    setScenario(name: LabScenarioName) {
      state.scenario = name;
      state.config = resolveScenarioConfig(LAB_SCENARIOS[name].config, identity);
      state.awsSessions.clear();
      state.connectTokens.clear();
      state.connectSessions.clear();
    },
    hostResolverRules: hostResolverRules(hosts, port),
    urls: {
      telephonyProviderSettings,
      consolePage: `https://${hosts.lightning}/lightning/page/home`,
      federate: federateUrl,
      ccp: `https://${hosts.connect}/connect/ccp-v2`,
      salesforceMetadata: `https://${hosts.salesforce}/.well-known/samlidp.xml`,
    },
    secrets,
    requestLog,
    awsProviderMetadata() {
      const provider = state.config.aws.samlProviders[0];
      if (provider === undefined) throw new Error('the scenario configures no SAML provider');
      return renderIdpMetadata(provider.entityId, keys.idp[provider.certificate].certificateBase64, `https://${hosts.salesforce}`);
    },
    close() {
      return new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => {
          if (error) reject(error);
          else resolve();
        });
      });
    },
  };
}
