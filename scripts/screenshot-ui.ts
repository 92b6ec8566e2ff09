/**
 * Screenshots of the popup, report and options pages in light and dark mode, into
 * docs/screenshots/*.png. Builds nothing: run `npm run build:chrome` first.
 *
 *   node --import tsx scripts/screenshot-ui.ts [--harness]
 *
 * Extension mode (default): loads dist/chrome into /usr/bin/chromium, seeds storage.session with
 * each fixture flow and diagnosis in the worker's layout, and opens the real pages. When the
 * worker does not answer (or with --harness), it falls back to a harness page that renders the
 * same React apps with a fixture-fed environment, bundled here with esbuild.
 */
import { AxeBuilder } from '@axe-core/playwright';
import { build } from 'esbuild';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { STORAGE_KEYS } from '../src/messaging/storage-keys.ts';
import type { StoredFlow } from '../src/messaging/protocol.ts';
import { runningFixture } from '../src/ui/fixtures/running-flow.ts';
import { UI_FIXTURES } from '../src/ui/fixtures/ui-fixtures.ts';

const ROOT = resolve(import.meta.dirname, '..');
const DIST = join(ROOT, 'dist', 'chrome');
const OUT = join(ROOT, 'docs', 'screenshots');
const HARNESS_DIR = join(OUT, 'tmp', 'harness');
const CHROMIUM = process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium';
const POPUP_VIEWPORT = { width: 400, height: 600 };
const REPORT_VIEWPORT = { width: 1200, height: 900 };
const SCHEMES = ['light', 'dark'] as const;
type Scheme = (typeof SCHEMES)[number];

/** One screenshot: which page, which fixture, and what to click first. */
interface Shot {
  readonly name: string;
  readonly page: 'popup' | 'report' | 'options';
  readonly fixture: string;
  readonly locale?: 'en' | 'da';
  readonly schemes: readonly Scheme[];
  readonly before?: (page: Page) => Promise<void>;
}

const SHOTS: readonly Shot[] = [
  ...UI_FIXTURES.map((fixture): Shot => ({ name: `popup-${fixture.scenario}`, page: 'popup', fixture: fixture.scenario, schemes: SCHEMES })),
  { name: 'popup-empty', page: 'popup', fixture: 'empty', schemes: SCHEMES },
  { name: 'popup-running', page: 'popup', fixture: 'running', schemes: ['light'] },
  // Storage held a captured sign-in it could no longer read: the popup says it was removed.
  { name: 'popup-discarded', page: 'popup', fixture: 'discarded', schemes: SCHEMES },
  {
    name: 'popup-aws-signature-invalid-admin-steps',
    page: 'popup',
    fixture: 'aws-signature-invalid',
    schemes: ['light'],
    before: async (page) => {
      await page.locator('.verdict__admin > summary').click();
    },
  },
  {
    name: 'popup-export',
    page: 'popup',
    fixture: 'connect-not-onboarded',
    schemes: ['light'],
    before: async (page) => {
      await page.locator('.popup__actions .button').nth(2).click();
      // The worker may not export yet: then the dialog shows its error, which is worth seeing too.
      await page.locator('.export__preview, .export .callout--error').first().waitFor();
    },
  },
  {
    name: 'popup-link-setup',
    page: 'popup',
    fixture: 'empty',
    schemes: ['light'],
    before: async (page) => {
      // No link is configured in the test profile, so Diagnose asks for it.
      await page.locator('.popup__actions .button--primary').click();
      await page.locator('.link-form').waitFor();
    },
  },
  { name: 'popup-sf-insufficient-privileges-da', page: 'popup', fixture: 'sf-insufficient-privileges', locale: 'da', schemes: ['light'] },
  { name: 'report-aws-signature-invalid', page: 'report', fixture: 'aws-signature-invalid', schemes: SCHEMES },
  { name: 'report-sso-healthy', page: 'report', fixture: 'sso-healthy', schemes: ['light'] },
  { name: 'options', page: 'options', fixture: 'sso-healthy', schemes: SCHEMES },
];

function storedFor(fixture: string): StoredFlow | undefined {
  if (fixture === 'empty' || fixture === 'discarded') return undefined;
  if (fixture === 'running') return runningFixture.stored;
  return UI_FIXTURES.find((candidate) => candidate.scenario === fixture)?.stored;
}

async function settle(page: Page): Promise<void> {
  await page.waitForSelector('.popup__main > :not([aria-live]), .report__main, .report .callout, .settings, .options .callout', { timeout: 5_000 });
  await page.evaluate(() => document.fonts.ready);
}

async function capture(page: Page, shot: Shot, scheme: Scheme): Promise<void> {
  await settle(page);
  if (shot.before !== undefined) await shot.before(page);
  const file = join(OUT, `${shot.name}-${scheme}.png`);
  await page.screenshot({ path: file, fullPage: true, animations: 'disabled' });
  console.log(`wrote ${file}`);
  // Every screenshot is also an accessibility check (contrast in both schemes, names, landmarks).
  const { violations } = await new AxeBuilder({ page }).analyze();
  for (const violation of violations) {
    process.exitCode = 1;
    console.error(`axe: ${shot.name}-${scheme}: ${violation.id} (${violation.impact ?? 'n/a'}) at ${violation.nodes.map((node) => node.target.join(' ')).join(', ')}`);
  }
}

// ---- extension mode -------------------------------------------------------------------------

async function extensionMode(): Promise<boolean> {
  const profile = mkdtempSync(join(tmpdir(), 'sso-doctor-shots-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: [`--disable-extensions-except=${DIST}`, `--load-extension=${DIST}`],
  });
  try {
    const worker = context.serviceWorkers()[0] ?? (await context.waitForEvent('serviceworker', { timeout: 10_000 }));
    const extensionId = new URL(worker.url()).host;
    if (!(await workerAnswers(context, extensionId))) return false;
    for (const shot of SHOTS) {
      const stored = storedFor(shot.fixture);
      await worker.evaluate(
        async ({ key, prefix, guidedKey, flows, guided, damaged }) => {
          await chrome.storage.session.clear();
          // The worker's layout: an index of flow ids, each flow under its own key (src/background/capture-layout.ts).
          const entries: Record<string, unknown> = Object.fromEntries(flows.map((entry) => [`${prefix}${entry.flow.id}`, entry]));
          const flowIds = flows.map((entry) => entry.flow.id);
          // A half-written entry the index still names: the worker drops it and reports it.
          if (damaged) {
            entries[`${prefix}damaged`] = { flow: 'half-written' };
            flowIds.push('damaged');
          }
          await chrome.storage.session.set({ [key]: { flowIds }, ...entries, ...(guided === undefined ? {} : { [guidedKey]: guided }) });
        },
        {
          key: STORAGE_KEYS.capture,
          prefix: STORAGE_KEYS.captureFlowPrefix,
          guidedKey: STORAGE_KEYS.guided,
          // lastActivityAt is the real now: the worker's timeout must not close the running fixture.
          flows: stored === undefined ? [] : [{ flow: stored.flow, frameId: 0, requestIds: [], lastActivityAt: Date.now(), diagnosis: stored.diagnosis }],
          guided: shot.fixture === 'running' ? { tabId: 1, startedAt: stored?.flow.startedAt, flowId: stored?.flow.id } : undefined,
          damaged: shot.fixture === 'discarded',
        },
      );
      for (const scheme of shot.schemes) {
        const page = await context.newPage();
        await page.setViewportSize(shot.page === 'popup' ? POPUP_VIEWPORT : REPORT_VIEWPORT);
        await page.emulateMedia({ colorScheme: scheme });
        const path = shot.page === 'report' ? `src/report/index.html?flow=${encodeURIComponent(stored?.flow.id ?? '')}` : `src/${shot.page}/index.html`;
        await page.goto(`chrome-extension://${extensionId}/${path}`);
        await capture(page, shot, scheme);
        await page.close();
      }
    }
    return true;
  } finally {
    await context.close();
    rmSync(profile, { recursive: true, force: true });
  }
}

/** True when the built worker answers getState (it may not implement the protocol yet). */
async function workerAnswers(context: BrowserContext, extensionId: string): Promise<boolean> {
  const page = await context.newPage();
  try {
    await page.goto(`chrome-extension://${extensionId}/src/popup/index.html`);
    await page.waitForSelector('.popup__main > *', { timeout: 5_000 });
    await page.waitForTimeout(500);
    return (await page.locator('.popup__main .callout--error').count()) === 0;
  } catch {
    return false;
  } finally {
    await page.close();
  }
}

// ---- harness mode ---------------------------------------------------------------------------

async function buildHarness(): Promise<string> {
  mkdirSync(HARNESS_DIR, { recursive: true });
  await build({
    entryPoints: { harness: join(ROOT, 'scripts', 'screenshot-harness.tsx') },
    bundle: true,
    format: 'iife',
    outdir: HARNESS_DIR,
    jsx: 'automatic',
    loader: { '.png': 'file' },
    define: { 'process.env.NODE_ENV': '"production"' },
    logLevel: 'warning',
  });
  const html = join(HARNESS_DIR, 'index.html');
  writeFileSync(
    html,
    '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>SSO Doctor harness</title><link rel="stylesheet" href="harness.css"></head><body><div id="root"></div><script src="harness.js"></script></body></html>',
  );
  return html;
}

async function harnessMode(): Promise<void> {
  const html = pathToFileURL(await buildHarness()).href;
  const browser = await chromium.launch({ executablePath: CHROMIUM, headless: true });
  try {
    for (const shot of SHOTS) {
      for (const scheme of shot.schemes) {
        const context = await browser.newContext({ viewport: shot.page === 'popup' ? POPUP_VIEWPORT : REPORT_VIEWPORT, colorScheme: scheme, locale: shot.locale ?? 'en' });
        const page = await context.newPage();
        await page.goto(`${html}?page=${shot.page}&fixture=${shot.fixture}&locale=${shot.locale ?? 'en'}`);
        await capture(page, shot, scheme);
        await context.close();
      }
    }
  } finally {
    await browser.close();
  }
}

async function main(): Promise<void> {
  mkdirSync(OUT, { recursive: true });
  const forceHarness = process.argv.includes('--harness');
  if (!forceHarness && !existsSync(join(DIST, 'manifest.json'))) throw new Error('dist/chrome is missing: run `npm run build:chrome` first.');
  if (!forceHarness && (await extensionMode())) return;
  console.log(forceHarness ? 'harness mode (--harness)' : 'the built worker does not answer getState yet: using the harness page');
  await harnessMode();
}

await main();
