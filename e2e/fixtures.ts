import { test as base, chromium, type BrowserContext, type Page, type Worker } from '@playwright/test';
import * as x509 from '@peculiar/x509';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { createServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { webcrypto } from 'node:crypto';

export const EXTENSION_DIR = resolve(import.meta.dirname, '..', 'dist', 'chrome');

/** Handles one request of the loopback HTTPS server; `host` is the Host header without the port. */
export type LoopbackHandler = (request: IncomingMessage & { host: string; body: string }, response: ServerResponse) => void;

export interface LoopbackServer {
  readonly port: number;
  /** Replaces the request handler (each test serves its own pages). */
  handle(handler: LoopbackHandler): void;
}

export interface ExtensionFixtures {
  /** Host names the loopback server answers for; every other name fails to resolve. */
  hosts: readonly string[];
  loopback: LoopbackServer;
  context: BrowserContext;
  serviceWorker: Worker;
  extensionId: string;
  /** An extension page (the popup document opened in a tab): it may read `storage.session`. */
  extensionPage: Page;
}

/**
 * Refuses a missing build or a Vite dev build: a dev build loads its code from a localhost dev
 * server, so a test would not exercise what ships.
 */
export function assertProductionBuild(): { popupPath: string } {
  const manifestPath = join(EXTENSION_DIR, 'manifest.json');
  if (!existsSync(manifestPath)) throw new Error(`No extension build in ${EXTENSION_DIR}: run \`npm run build\` first.`);
  const loader = join(EXTENSION_DIR, 'service-worker-loader.js');
  if (existsSync(loader) && /localhost|127\.0\.0\.1|@vite\/client/.test(readFileSync(loader, 'utf8'))) {
    throw new Error(`${EXTENSION_DIR} is a Vite dev build: run \`npm run build\` before the e2e tests.`);
  }
  const manifest = JSON.parse(readFileSync(manifestPath, 'utf8')) as { action?: { default_popup?: string } }; // -- reason: our own build output
  const popupPath = manifest.action?.default_popup;
  if (popupPath === undefined) throw new Error('The built manifest has no action.default_popup.');
  return { popupPath };
}

/** A self-signed certificate for the given names (Chromium runs with --ignore-certificate-errors). */
async function selfSignedCertificate(hosts: readonly string[]): Promise<{ key: string; cert: string }> {
  x509.cryptoProvider.set(webcrypto as Crypto); // -- reason: Node's WebCrypto implements the Crypto interface @peculiar/x509 expects
  const algorithm = { name: 'ECDSA', namedCurve: 'P-256', hash: 'SHA-256' };
  const keys = await webcrypto.subtle.generateKey(algorithm, true, ['sign', 'verify']);
  const cert = await x509.X509CertificateGenerator.createSelfSigned({
    serialNumber: '01',
    name: 'CN=sso-doctor e2e loopback',
    notBefore: new Date(Date.now() - 86_400_000),
    notAfter: new Date(Date.now() + 86_400_000),
    keys,
    signingAlgorithm: algorithm,
    extensions: [new x509.SubjectAlternativeNameExtension(hosts.map((value) => ({ type: 'dns' as const, value })))],
  });
  const pkcs8 = await webcrypto.subtle.exportKey('pkcs8', keys.privateKey);
  const key = `-----BEGIN PRIVATE KEY-----\n${Buffer.from(pkcs8).toString('base64').replace(/(.{64})/g, '$1\n')}\n-----END PRIVATE KEY-----\n`;
  return { key, cert: cert.toString('pem') };
}

export const test = base.extend<ExtensionFixtures>({
  hosts: [['acme.my.salesforce.com', 'signin.aws.amazon.com'], { option: true }],

  loopback: async ({ hosts }, use) => {
    let handler: LoopbackHandler = (_request, response) => {
      response.writeHead(404).end();
    };
    const server = createServer(await selfSignedCertificate(hosts), (request, response) => {
      const chunks: Buffer[] = [];
      request.on('data', (chunk: Buffer) => chunks.push(chunk));
      request.on('end', () => {
        const host = (request.headers.host ?? '').replace(/:\d+$/, '');
        handler(Object.assign(request, { host, body: Buffer.concat(chunks).toString('utf8') }), response);
      });
    });
    await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
    const { port } = server.address() as AddressInfo; // -- reason: a TCP server listening on a port
    await use({
      port,
      handle: (next) => {
        handler = next;
      },
    });
    server.closeAllConnections();
    await new Promise((done) => server.close(done));
  },

  context: async ({ hosts, loopback }, use) => {
    assertProductionBuild();
    const userDataDir = mkdtempSync(join(tmpdir(), 'sso-doctor-e2e-'));
    // No quotes around the rules: Playwright passes arguments verbatim.
    const rules = [...hosts.map((host) => `MAP ${host} 127.0.0.1:${loopback.port}`), 'MAP * ~NOTFOUND', 'EXCLUDE localhost', 'EXCLUDE 127.0.0.1'].join(', ');
    const context = await chromium.launchPersistentContext(userDataDir, {
      executablePath: '/usr/bin/chromium',
      headless: true,
      args: [
        `--disable-extensions-except=${EXTENSION_DIR}`,
        `--load-extension=${EXTENSION_DIR}`,
        `--host-resolver-rules=${rules}`,
        '--ignore-certificate-errors',
      ],
    });
    await use(context);
    await context.close();
    rmSync(userDataDir, { recursive: true, force: true });
  },

  serviceWorker: async ({ context }, use) => {
    const worker = context.serviceWorkers()[0] ?? (await context.waitForEvent('serviceworker'));
    // The worker exists before its top-level code has registered the listeners: a request made
    // earlier would be missed.
    await base.expect
      .poll(() => worker.evaluate(() => chrome.webRequest.onBeforeRequest.hasListeners() && chrome.runtime.onMessage.hasListeners()), { timeout: 10_000 })
      .toBe(true);
    await use(worker);
  },

  extensionId: async ({ serviceWorker }, use) => {
    await use(new URL(serviceWorker.url()).host);
  },

  extensionPage: async ({ context, extensionId }, use) => {
    const { popupPath } = assertProductionBuild();
    const page = await context.newPage();
    await page.goto(`chrome-extension://${extensionId}/${popupPath}`);
    await use(page);
    await page.close();
  },
});

export const expect = test.expect;
