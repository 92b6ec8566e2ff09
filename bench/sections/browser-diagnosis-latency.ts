import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { errorText, formatMs, formatRatio, type BenchRow, type SectionResult, skippedSection } from '../bench-result.ts';
import type { BenchSettings } from '../bench-settings.ts';
import { loadOptional } from '../load-optional.ts';
import { describeSpread, summarizeSamples } from '../summarize-samples.ts';
import { DIST_CHROME } from './bundle-budgets.ts';

const TITLE = 'In the browser: SAML POST → stored diagnosis';
const CHROMIUM = '/usr/bin/chromium';
const SCENARIO = 'aws-signature-invalid';
const METHOD =
  `The built extension (dist/chrome) in ${CHROMIUM} (headless, Playwright persistent context) against the federation lab, scenario \`${SCENARIO}\` (AWS answers the POST with its "Response signature invalid" page). ` +
  'An extension page (the popup, opened in a tab) records `Date.now()` in a `chrome.storage.onChanged` listener the moment the worker stores a diagnosis in `storage.session`. ' +
  'POST time = the SAML hop\'s `startedAt` as the worker recorded it (webRequest `timeStamp`); the error page\'s load time = its navigation timing (`loadEventEnd`, from navigation start = the form POST). ' +
  'Each run is one fresh SSO attempt in a new tab of the same browser; median of the runs after the first, which is reported apart (the worker\'s first diagnosis after the browser starts).';

interface NavigationFacts {
  /**
   * Wall-clock ms of loadEventEnd, converted with the page's own Date.now()/performance.now() pair:
   * `performance.timeOrigin` runs on a monotonic clock that can sit hundreds of ms away from the
   * wall clock the worker's timestamps use.
   */
  readonly loadEndWallClock: number;
  readonly responseEnd: number;
  readonly loadEventEnd: number;
  readonly url: string;
}

interface StoredFlowFacts {
  readonly id: string;
  readonly postAt: number | undefined;
  readonly closedAt: number | undefined;
  readonly primary: string | undefined;
  /** The preliminary verdict the worker stores while the flow still runs. */
  readonly early: string | undefined;
  readonly evaluatedAt: string | undefined;
}

interface ChangeRecord {
  readonly at: number;
  readonly flows: readonly StoredFlowFacts[];
}

interface RunFacts {
  readonly postToEarlyMs: number;
  readonly postToStoredMs: number;
  readonly closedToStoredMs: number;
  readonly pageLoadMs: number;
  readonly loadEndToStoredMs: number;
  readonly primary: string;
}

declare global {
  interface Window {
    __ssoDoctorBench?: ChangeRecord[];
  }
}

/** Section 6: how soon after the SAML POST the verdict is ready, compared with the error page's own load. */
export async function benchBrowserDiagnosisLatency(settings: BenchSettings): Promise<SectionResult> {
  const skip = (reason: string): SectionResult => skippedSection('browser', TITLE, METHOD, `not available yet: ${reason}`);
  if (!existsSync(CHROMIUM)) return skip(`${CHROMIUM} is not installed`);
  const manifestPath = join(DIST_CHROME, 'manifest.json');
  if (!existsSync(manifestPath)) return skip('dist/chrome is not built (npm run build:chrome)');
  const manifest = JSON.parse(readFileSync(manifestPath, 'utf8')) as { background?: { service_worker?: string }; action?: { default_popup?: string } }; // -- reason: built manifest, fields checked below
  const workerFile = manifest.background?.service_worker;
  const popup = manifest.action?.default_popup;
  if (workerFile === undefined || popup === undefined) return skip('the built manifest has no service worker or popup');
  if (statSync(join(DIST_CHROME, workerFile)).size < 100 && !readFileSync(join(DIST_CHROME, workerFile), 'utf8').includes('import')) return skip('the built service worker is empty');

  const loaded = await loadOptional('Playwright, the lab and the storage keys', async () => ({
    playwright: await import('@playwright/test'),
    lab: await import('../../lab/start-lab.ts'),
    keys: await import('../../src/messaging/storage-keys.ts'),
  }));
  if (!loaded.ok) return skip(loaded.reason);
  const { playwright, lab: labModule, keys } = loaded.value;
  const captureKey = keys.STORAGE_KEYS.capture;

  const lab = await labModule.startLab({ scenario: SCENARIO });
  const userDataDir = mkdtempSync(join(tmpdir(), 'sso-doctor-bench-chromium-'));
  const runs: RunFacts[] = [];
  /** The first SSO attempt after the browser started: the worker's first diagnosis, reported apart. */
  const cold: RunFacts[] = [];
  let coldStorage: ColdStorage | undefined;
  const notes: string[] = [];
  try {
    const context = await playwright.chromium.launchPersistentContext(userDataDir, {
      executablePath: CHROMIUM,
      headless: true,
      args: [`--disable-extensions-except=${DIST_CHROME}`, `--load-extension=${DIST_CHROME}`, `--host-resolver-rules=${lab.hostResolverRules}`, '--ignore-certificate-errors'],
    });
    try {
      const worker = context.serviceWorkers()[0] ?? (await context.waitForEvent('serviceworker', { timeout: 10_000 }));
      const extensionId = new URL(worker.url()).host;
      if (!(await waitFor(() => worker.evaluate(() => chrome.webRequest.onBeforeRequest.hasListeners()), 5000))) return skip('the built worker registers no webRequest.onBeforeRequest listener');

      const observer = await context.newPage();
      await observer.goto(`chrome-extension://${extensionId}/${popup}`);
      await observer.evaluate((key) => {
        const records: ChangeRecord[] = [];
        window.__ssoDoctorBench = records;
        chrome.storage.onChanged.addListener((changes, area) => {
          const at = Date.now();
          if (area !== 'session' || !(key in changes)) return;
          const value = changes[key]?.newValue as { flows?: readonly { flow: { id: string; hops: readonly { kind: string; startedAt: string }[] }; closedAt?: number; diagnosis?: { primary: { id: string }; evaluatedAt: string }; preliminaryDiagnosis?: { primary: { id: string } } }[] } | undefined;
          records.push({
            at,
            flows: (value?.flows ?? []).map((captured) => {
              const post = captured.flow.hops.find((hop) => hop.kind === 'aws-saml');
              return {
                id: captured.flow.id,
                postAt: post === undefined ? undefined : Date.parse(post.startedAt),
                closedAt: captured.closedAt,
                primary: captured.diagnosis?.primary.id,
                early: captured.preliminaryDiagnosis?.primary.id,
                evaluatedAt: captured.diagnosis?.evaluatedAt,
              };
            }),
          });
        });
      }, captureKey);

      const total = settings.quick ? 3 : 7;
      for (let run = 0; run < total + 1; run++) {
        const startedAt = Date.now();
        const page = await context.newPage();
        await page.goto(lab.urls.telephonyProviderSettings);
        await page.waitForURL((url) => url.hostname.endsWith('signin.aws.amazon.com'), { waitUntil: 'load', timeout: 15_000 });
        let navigation: NavigationFacts | undefined;
        await waitFor(async () => {
          navigation = await page.evaluate(() => {
            const entry = performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming | undefined;
            const loadEventEnd = entry?.loadEventEnd ?? 0;
            return { loadEndWallClock: Date.now() - (performance.now() - loadEventEnd), responseEnd: entry?.responseEnd ?? 0, loadEventEnd, url: location.href };
          });
          return navigation.loadEventEnd > 0;
        }, 5000);
        const stored = await waitFor(async () => {
          const records = await observer.evaluate(() => window.__ssoDoctorBench ?? []);
          return firstDiagnosis(records, startedAt);
        }, 15_000);
        const early = firstEarlyVerdict(await observer.evaluate(() => window.__ssoDoctorBench ?? []), startedAt);
        await page.close();
        if (navigation === undefined || navigation.loadEventEnd <= 0) return skip('the AWS error page never finished loading');
        if (stored === undefined) {
          const records = await observer.evaluate(() => window.__ssoDoctorBench ?? []);
          return skip(`no diagnosis appeared in storage.session "${captureKey}" within 15 s of the POST: ${describeProgress(records, startedAt)}`);
        }
        const postAt = stored.flow.postAt ?? navigation.loadEndWallClock - navigation.loadEventEnd;
        (run === 0 ? cold : runs).push({
          postToEarlyMs: early === undefined ? Number.NaN : Math.min(early.at, stored.at) - postAt,
          postToStoredMs: stored.at - postAt,
          closedToStoredMs: stored.flow.closedAt === undefined ? Number.NaN : stored.at - stored.flow.closedAt,
          pageLoadMs: navigation.loadEventEnd,
          loadEndToStoredMs: stored.at - navigation.loadEndWallClock,
          primary: stored.flow.primary ?? '?',
        });
      }
    } finally {
      await context.close();
    }
    coldStorage = await probeColdStorage(playwright.chromium);
  } catch (error) {
    return skip(`the browser run failed (${errorText(error)})`);
  } finally {
    await lab.close();
    rmSync(userDataDir, { recursive: true, force: true });
  }

  const pageLoad = summarizeSamples(runs.map((run) => run.pageLoadMs));
  const postRatio = summarizeSamples(runs.map((run) => run.postToStoredMs / run.pageLoadMs));
  const earlyRatio = summarizeSamples(runs.map((run) => run.postToEarlyMs / run.pageLoadMs));
  const postToEarly = summarizeSamples(runs.map((run) => run.postToEarlyMs));
  const closedRatio = summarizeSamples(runs.map((run) => run.closedToStoredMs / run.pageLoadMs));
  const postToStored = summarizeSamples(runs.map((run) => run.postToStoredMs));
  const closedToStored = summarizeSamples(runs.map((run) => run.closedToStoredMs));
  const loadEndToStored = summarizeSamples(runs.map((run) => run.loadEndToStoredMs));
  const verdicts = [...new Set(runs.map((run) => run.primary))];
  if (!verdicts.includes(SCENARIO)) notes.push(`The stored verdicts were [${verdicts.join(', ')}], not ${SCENARIO}.`);
  const rows: BenchRow[] = [
    {
      label: '(first stored diagnosis − SAML POST) / error page load time',
      value: formatRatio(earlyRatio.median),
      measured: earlyRatio.median,
      target: { max: 0.1, strict: true, text: '< 0.1×' },
      spread: describeSpread(earlyRatio, formatRatio),
      detail:
        `POST → first stored verdict ${formatMs(postToEarly.median)}: the worker diagnoses the SAML value as soon as the POST is captured (predicted findings, before AWS answers; ` +
        'the popup shows it while the flow runs when it already found an error) and refines it when the page text arrives (next row).',
    },
    {
      label: '  (final diagnosis − SAML POST) / error page load time',
      value: formatRatio(postRatio.median),
      measured: postRatio.median,
      spread: describeSpread(postRatio, formatRatio),
      detail:
        `POST → stored ${formatMs(postToStored.median)}; error page load ${formatMs(pageLoad.median)} (loopback lab); ` +
        `page loaded → flow closed ${formatMs(summarizeSamples(runs.map((run) => run.loadEndToStoredMs - run.closedToStoredMs)).median)} (the content script reports the page at document_idle); ` +
        `page loaded → stored ${formatMs(loadEndToStored.median)}`,
    },
    {
      label: '  (stored diagnosis − flow closed) / error page load time',
      value: formatRatio(closedRatio.median),
      measured: closedRatio.median,
      spread: describeSpread(closedRatio, formatRatio),
      detail: `flow closed → stored ${formatMs(closedToStored.median)} (the worker's own diagnosis latency: read state, diagnoseFlow, write state)`,
    },
  ];
  if (postRatio.median >= 1 && !(earlyRatio.median < 1)) {
    notes.push(
      'By design the worker closes an error-page flow when the content script reports the page text (at document_idle, after the page has loaded) and only then diagnoses it, ' +
        'so "POST → stored" contains the whole error page load and this ratio cannot drop below 1×. The part the worker controls is "flow closed → stored". ' +
        'To meet < 0.1× the worker would have to diagnose the SAML value as soon as the POST is captured (predicted findings, available before AWS answers) and refine the verdict when the page text arrives. ' +
        'The lab serves the page over loopback; the real AWS sign-in page loads over the internet and takes longer, so real ratios are lower than these.',
    );
  }
  if (coldStorage !== undefined) {
    notes.push(
      `First storage reads in a freshly started worker (separate browser launch): storage.managed.get ${formatMs(coldStorage.managed)}, storage.local.get ${formatMs(coldStorage.local)}, storage.session.get ${formatMs(coldStorage.session)}. ` +
        'readEffectiveSettings reads storage.managed before every diagnosis, so the first diagnosis after the browser starts waits for it.',
    );
  }
  const first = cold[0];
  if (first !== undefined) {
    rows.push({
      label: '  first attempt after browser start: (stored − POST) / page load',
      value: formatRatio(first.postToStoredMs / first.pageLoadMs),
      measured: first.postToStoredMs / first.pageLoadMs,
      detail: `POST → stored ${formatMs(first.postToStoredMs)}, flow closed → stored ${formatMs(first.closedToStoredMs)}, page load ${formatMs(first.pageLoadMs)} (one run; not in the medians above)`,
    });
  }
  return { id: 'browser', title: TITLE, status: 'done', method: METHOD, rows, notes };
}

/** The first storage change that holds an early (preliminary) or final verdict of this run's flow. */
function firstEarlyVerdict(records: readonly ChangeRecord[], after: number): { at: number } | undefined {
  for (const record of records) {
    if (record.at < after) continue;
    if (record.flows.some((candidate) => (candidate.early !== undefined || candidate.primary !== undefined) && (candidate.postAt ?? 0) >= after)) return { at: record.at };
  }
  return undefined;
}

/** The first storage change that holds a diagnosis of this run's flow (its SAML POST came after the run started). */
function firstDiagnosis(records: readonly ChangeRecord[], after: number): { at: number; flow: StoredFlowFacts } | undefined {
  for (const record of records) {
    if (record.at < after) continue;
    const flow = record.flows.find((candidate) => candidate.primary !== undefined && (candidate.postAt ?? 0) >= after);
    if (flow !== undefined) return { at: record.at, flow };
  }
  return undefined;
}

interface ColdStorage {
  readonly managed: number;
  readonly local: number;
  readonly session: number;
}

/** Times the very first storage reads of a new worker: what its first diagnosis waits for. */
async function probeColdStorage(chromium: typeof import('@playwright/test').chromium): Promise<ColdStorage | undefined> {
  const userDataDir = mkdtempSync(join(tmpdir(), 'sso-doctor-bench-chromium-cold-'));
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: CHROMIUM,
    headless: true,
    args: [`--disable-extensions-except=${DIST_CHROME}`, `--load-extension=${DIST_CHROME}`],
  });
  try {
    const worker = context.serviceWorkers()[0] ?? (await context.waitForEvent('serviceworker', { timeout: 10_000 }));
    return await worker.evaluate(async () => {
      const started = performance.now();
      await chrome.storage.managed.get(null).catch(() => undefined);
      const managed = performance.now();
      await chrome.storage.local.get(null);
      const local = performance.now();
      await chrome.storage.session.get(null);
      return { managed: managed - started, local: local - managed, session: performance.now() - local };
    });
  } catch {
    return undefined;
  } finally {
    await context.close();
    rmSync(userDataDir, { recursive: true, force: true });
  }
}

/** How far the worker got with the run's flow, for the skip reason. */
function describeProgress(records: readonly ChangeRecord[], after: number): string {
  const flows = records.flatMap((record) => record.flows).filter((flow) => (flow.postAt ?? 0) >= after);
  if (records.length === 0) return 'the worker stored nothing at all (no storage.onChanged event)';
  if (flows.length === 0) return 'the worker stored flows, but none with the SAML POST hop (kind aws-saml) of this run';
  if (flows.every((flow) => flow.closedAt === undefined)) {
    return 'the flow with the SAML POST was stored but never closed (closedAt unset), so it was never diagnosed — the worker closes an error-page flow when the content script reports the page text; is the content script built?';
  }
  return 'the flow was closed (closedAt set) but no diagnosis was stored with it';
}

async function waitFor<T>(probe: () => Promise<T | undefined | false>, timeoutMs: number): Promise<T | undefined> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      const value = await probe();
      if (value !== undefined && value !== false) return value;
    } catch {
      // The page or worker may be between navigations; try again.
    }
    if (Date.now() > deadline) return undefined;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
