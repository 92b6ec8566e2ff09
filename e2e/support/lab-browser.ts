import { chromium, type BrowserContext, type Page, type Worker } from '@playwright/test';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Lab } from '../../lab/start-lab.ts';
import { MESSAGE_CHANNEL } from '../../src/messaging/message-envelope.ts';
import type { Protocol, StoredFlow } from '../../src/messaging/protocol.ts';
import { assertProductionBuild, EXTENSION_DIR } from '../fixtures.ts';
import { recordEgress, type EgressRecorder } from './egress-recorder.ts';

export const CHROMIUM_PATH = process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium';

interface BuiltManifest {
  readonly background?: { readonly service_worker?: string };
  readonly content_scripts?: readonly { readonly js?: readonly string[] }[];
  readonly action?: { readonly default_popup?: string };
  readonly options_ui?: { readonly page?: string };
}

/** Files the manifest names, and the modules the worker's loader imports: all must exist. */
function missingFiles(dir: string): string[] {
  const manifestPath = join(dir, 'manifest.json');
  if (!existsSync(manifestPath)) return ['manifest.json'];
  const manifest = JSON.parse(readFileSync(manifestPath, 'utf8')) as BuiltManifest; // -- reason: our own build output
  const named = [manifest.background?.service_worker, manifest.action?.default_popup, manifest.options_ui?.page, ...(manifest.content_scripts ?? []).flatMap((c) => c.js ?? [])];
  const files = named.filter((f): f is string => f !== undefined);
  const loader = manifest.background?.service_worker;
  if (loader !== undefined && existsSync(join(dir, loader))) {
    for (const m of readFileSync(join(dir, loader), 'utf8').matchAll(/import\s*(?:[^'"]*from\s*)?['"]\/?([^'"]+)['"]/g)) if (m[1] !== undefined) files.push(m[1]);
  }
  return files.filter((f) => !existsSync(join(dir, f)));
}

/**
 * Copies the build, retrying while another `npm run build` is rewriting it (it empties the folder
 * first): a copy taken halfway would load without its content script.
 */
async function copyCompleteBuild(from: string, to: string): Promise<void> {
  for (let attempt = 0; ; attempt += 1) {
    rmSync(to, { recursive: true, force: true });
    cpSync(from, to, { recursive: true });
    const missing = missingFiles(to);
    if (missing.length === 0) return;
    if (attempt >= 20) throw new Error(`The build in ${from} is incomplete (missing ${missing.join(', ')}): run \`npm run build\`.`);
    await new Promise((r) => setTimeout(r, 500));
  }
}

export interface LabBrowserUrls {
  readonly popup: string;
  readonly options: string;
}

/** Chromium with the built extension, every lab host mapped to the lab and every other name unresolvable. */
export interface LabBrowser {
  readonly context: BrowserContext;
  readonly serviceWorker: Worker;
  readonly extensionId: string;
  readonly urls: LabBrowserUrls;
  readonly egress: EgressRecorder;
  /**
   * Test plumbing, not a user action: calls the worker's protocol from an extension page the way
   * the popup does (clearing state between scenarios, reading the stored flow).
   */
  call<K extends keyof Protocol>(method: K, ...args: Parameters<Protocol[K]>): Promise<Awaited<ReturnType<Protocol[K]>>>;
  badgeText(): Promise<string>;
  /**
   * Waits until the newest flow is closed and diagnosed (the stored state, not the UI: the popup
   * may show an early verdict while a flow still runs). Throws with the flow's hops otherwise.
   */
  settledFlow(timeoutMs?: number): Promise<StoredFlow>;
  /** Closes every tab but the one `call` uses (and the blank first one a persistent context keeps). */
  closeTabs(): Promise<void>;
  close(): Promise<void>;
}

export interface LaunchOptions {
  readonly headless?: boolean;
  /** Extra Chromium arguments (e.g. a window size for headed runs). */
  readonly args?: readonly string[];
  /** Resolver rules to use instead of the lab's own (e.g. through a proxy in front of it). */
  readonly hostResolverRules?: string;
}

/**
 * Launches Debian's Chromium with dist/chrome (refusing a missing or dev build) against the lab's
 * resolver rules, waits until the worker's listeners are registered (the first request would be
 * missed otherwise) and starts recording requests for the no-egress checks.
 */
export async function launchLabBrowser(lab: Lab, options: LaunchOptions = {}): Promise<LabBrowser> {
  const { popupPath } = assertProductionBuild();
  const manifest = JSON.parse(readFileSync(join(EXTENSION_DIR, 'manifest.json'), 'utf8')) as { options_ui?: { page?: string } }; // -- reason: our own build output
  const optionsPath = manifest.options_ui?.page;
  if (optionsPath === undefined) throw new Error('The built manifest has no options_ui.page.');
  const userDataDir = mkdtempSync(join(tmpdir(), 'sso-doctor-lab-'));
  // A private copy of the build: `npm run build` empties dist/chrome and writes new hashed file
  // names, so a rebuild while this browser runs would leave the loaded manifest pointing at files
  // that are gone (content scripts silently not injected). The copy keeps the run on one build.
  const extensionDir = mkdtempSync(join(tmpdir(), 'sso-doctor-extension-'));
  await copyCompleteBuild(EXTENSION_DIR, extensionDir);
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: CHROMIUM_PATH,
    headless: options.headless ?? true,
    viewport: options.headless === false ? null : { width: 1280, height: 800 },
    acceptDownloads: true,
    args: [
      `--disable-extensions-except=${extensionDir}`,
      `--load-extension=${extensionDir}`,
      // No quotes: Playwright passes arguments verbatim.
      `--host-resolver-rules=${options.hostResolverRules ?? lab.hostResolverRules}`,
      '--ignore-certificate-errors',
      ...(options.args ?? []),
    ],
  });
  const egress = recordEgress(context);
  try {
    const serviceWorker = context.serviceWorkers().find((w) => w.url().startsWith('chrome-extension://')) ?? (await context.waitForEvent('serviceworker', { timeout: 15_000 }));
    const deadline = Date.now() + 15_000;
    while (!(await serviceWorker.evaluate(() => chrome.webRequest.onBeforeRequest.hasListeners() && chrome.runtime.onMessage.hasListeners()))) {
      if (Date.now() > deadline) throw new Error('The extension worker did not register its listeners within 15 s.');
      await new Promise((r) => setTimeout(r, 50));
    }
    const extensionId = new URL(serviceWorker.url()).host;
    const urls: LabBrowserUrls = { popup: `chrome-extension://${extensionId}/${popupPath}`, options: `chrome-extension://${extensionId}/${optionsPath}` };
    let plumbing: Page | undefined;
    const call = async <K extends keyof Protocol>(method: K, ...args: Parameters<Protocol[K]>): Promise<Awaited<ReturnType<Protocol[K]>>> => {
      if (plumbing === undefined || plumbing.isClosed()) {
        plumbing = await context.newPage();
        await plumbing.goto(urls.popup);
      }
      type Envelope = { ok: true; value: Awaited<ReturnType<Protocol[K]>> } | { ok: false; error: { message: string } };
      // The router answers with a ResponseEnvelope of the method called.
      const response = await plumbing.evaluate((message): Promise<Envelope> => chrome.runtime.sendMessage(message), { channel: MESSAGE_CHANNEL, method, args });
      if (!response.ok) throw new Error(`${method}: ${response.error.message}`);
      return response.value;
    };
    return {
      context,
      serviceWorker,
      extensionId,
      urls,
      egress,
      call,
      badgeText: () => serviceWorker.evaluate(() => chrome.action.getBadgeText({})),
      async settledFlow(timeoutMs = 20_000) {
        const deadline = Date.now() + timeoutMs;
        for (;;) {
          const { latest } = await call('getState');
          if (latest?.flow.state === 'ended' && latest.diagnosis !== undefined) return latest;
          if (Date.now() > deadline) {
            const hops = latest?.flow.hops.map((h) => `${h.method} ${h.url.slice(0, 60)} → ${String(h.status ?? h.networkError ?? 'no answer')}${h.page === undefined ? '' : ` [${h.page.classification}]`}`);
            throw new Error(`No closed, diagnosed flow within ${String(timeoutMs)} ms; newest flow: ${latest?.flow.state ?? 'none'}\n  ${(hops ?? []).join('\n  ')}`);
          }
          await new Promise((r) => setTimeout(r, 100));
        }
      },
      async closeTabs() {
        const [first, ...rest] = context.pages();
        for (const page of rest) if (page !== plumbing) await page.close();
        if (first !== undefined && first !== plumbing && first.url() !== 'about:blank') await first.goto('about:blank');
      },
      async close() {
        egress.dispose();
        await context.close();
        rmSync(userDataDir, { recursive: true, force: true });
        rmSync(extensionDir, { recursive: true, force: true });
      },
    };
  } catch (error) {
    await context.close();
    rmSync(userDataDir, { recursive: true, force: true });
    rmSync(extensionDir, { recursive: true, force: true });
    throw error;
  }
}
