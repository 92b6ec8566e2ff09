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
/**
 * The headline scenario: the response was changed after Salesforce signed it, so no digest matches.
 * The SAML value itself shows that (no AWS metadata needed), and AWS still answers with its error
 * page: the verdict can be ready before the page is.
 */
const SCENARIO = 'aws-signature-invalid-tampered';
/**
 * The second scenario: Salesforce signs with a rotated certificate. Without AWS's metadata in the
 * settings the SAML value looks sound, so the verdict needs the page's text.
 */
const PAGE_NEEDED_SCENARIO = 'aws-signature-invalid';
/** The catalog id both scenarios end on. */
const EXPECTED_VERDICT = 'aws-signature-invalid';
const METHOD =
  `The built extension (dist/chrome) in ${CHROMIUM} (headless, Playwright persistent context) against the federation lab, no settings (no AWS metadata). ` +
  `Headline scenario \`${SCENARIO}\`: the SAML response is altered after signing (a digest mismatch the SAML value itself shows) and AWS answers the POST with its "Response signature invalid" page. ` +
  'An extension page (the popup, opened in a tab) records `Date.now()` in a `chrome.storage.onChanged` listener each time the worker stores a captured flow in `storage.session` (each flow has its own key, beside an index of flow ids); ' +
  'the first stored verdict of a run = the first such change that holds a verdict (early or final) for the run\'s flow, and it counts only when its catalog id equals the final diagnosis\'s (a placeholder verdict is a failed measurement, not a figure). ' +
  'POST time = the SAML hop\'s `startedAt` as the worker recorded it (webRequest `timeStamp`); the error page\'s load time = its navigation timing (`loadEventEnd`, from navigation start = the form POST). ' +
  'Each run is one fresh SSO attempt in a new tab of the same browser; median of the runs after the first, which is reported apart (the worker\'s first diagnosis after the browser starts). ' +
  `Then, each from an empty store (the popup's own clearFlows message): the same number of runs of \`${PAGE_NEEDED_SCENARIO}\` (rotated signing certificate: without AWS's metadata only the page text shows the failure, so that row times page loaded → final verdict stored), ` +
  `and of \`${SCENARIO}\` with the attempt's tab throttled to Chrome DevTools' "Fast 4G" preset ` +
  '(CDP Network.emulateNetworkConditions: 165 ms latency = 60 ms × 2.75, 9 Mbit/s × 0.9 down, 1.5 Mbit/s × 0.9 up, the figures of DevTools\' and Puppeteer\'s preset table), a stand-in for the real AWS page over a mobile-class link. ' +
  'Floors, in the same browser afterwards: webRequest dispatch = `Date.now()` in a second onBeforeRequest listener added to the worker for the lab\'s SAML POST, minus the event\'s `timeStamp`; ' +
  'storage IPC = a `storage.session.set` from the worker (of a trivial value, of a copy of the newest stored flow, and of a copy of every stored flow) until the observer page\'s `onChanged` runs; ' +
  'diagnoseFlow = the last run\'s captured flow (read from storage.session) diagnosed in the bench\'s Node process with the worker\'s context (no settings), warm.';

/** Chrome DevTools' "Fast 4G" throttling preset (bytes per second, ms), as DevTools and Puppeteer define it. */
const FAST_4G = { offline: false, latency: 60 * 2.75, downloadThroughput: ((9 * 1000 * 1000) / 8) * 0.9, uploadThroughput: ((1.5 * 1000 * 1000) / 8) * 0.9 } as const;
/** The SAML POST of the lab's AWS sign-in, for the dispatch probe's listener. */
const SAML_POST_URL = 'https://signin.aws.amazon.com/saml*';
/** A storage.session key only the floor probe writes (and removes). */
const PROBE_KEY = 'ssoDoctorBenchProbe';

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
  readonly earlySeverity: string | undefined;
  readonly evaluatedAt: string | undefined;
}

/** Where the worker stores the capture state: an index of flow ids, each flow under prefix + id. */
interface CaptureLayoutKeys {
  readonly index: string;
  readonly prefix: string;
}

/** Runs in an extension page or the worker: the stored flows, oldest first (self-contained, for evaluate). */
async function readStoredFlows(keys: CaptureLayoutKeys): Promise<readonly { readonly flow: unknown }[]> {
  const items = await chrome.storage.session.get(null);
  const ids = (items[keys.index] as { flowIds?: readonly string[] } | undefined)?.flowIds ?? [];
  return ids.flatMap((id) => {
    const entry = items[`${keys.prefix}${id}`] as { flow: unknown } | undefined;
    return entry === undefined ? [] : [entry];
  });
}

interface ChangeRecord {
  readonly at: number;
  readonly flows: readonly StoredFlowFacts[];
}

interface RunFacts {
  /** Flows in storage.session when the attempt started: every event reads and writes all of them. */
  readonly storedFlows: number;
  readonly storedKb: number;
  readonly postToEarlyMs: number;
  readonly postToStoredMs: number;
  readonly closedToStoredMs: number;
  readonly pageLoadMs: number;
  readonly loadEndToStoredMs: number;
  readonly primary: string;
  /** The first verdict stored for the flow: catalog id and severity of the early one, or the final one. */
  readonly firstVerdict: string;
  /** Its catalog id alone, to compare with `primary`. */
  readonly firstVerdictId: string | undefined;
}

declare global {
  interface Window {
    __ssoDoctorBench?: ChangeRecord[];
    __ssoDoctorBenchProbe?: { readonly i: number; readonly at: number }[];
  }
  /** Set in the worker by the dispatch probe. */
  var __ssoDoctorBenchDispatch: number[] | undefined;
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
    envelope: await import('../../src/messaging/message-envelope.ts'),
  }));
  if (!loaded.ok) return skip(loaded.reason);
  const { playwright, lab: labModule, keys, envelope } = loaded.value;
  const layout: CaptureLayoutKeys = { index: keys.STORAGE_KEYS.capture, prefix: keys.STORAGE_KEYS.captureFlowPrefix };
  const messageChannel = envelope.MESSAGE_CHANNEL;
  const diagnose = await loadDiagnose();

  const lab = await labModule.startLab({ scenario: SCENARIO });
  const userDataDir = mkdtempSync(join(tmpdir(), 'sso-doctor-bench-chromium-'));
  const runs: RunFacts[] = [];
  /** The first SSO attempt after the browser started: the worker's first diagnosis, reported apart. */
  const cold: RunFacts[] = [];
  const throttled: RunFacts[] = [];
  /** The scenario whose verdict needs the page text. */
  const pageNeeded: RunFacts[] = [];
  let floor: Floor | undefined;
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
      await worker.evaluate((url) => {
        const delays: number[] = [];
        globalThis.__ssoDoctorBenchDispatch = delays;
        chrome.webRequest.onBeforeRequest.addListener(
          (details) => {
            if (details.method === 'POST') delays.push(Date.now() - details.timeStamp);
            return undefined;
          },
          { urls: [url] },
        );
      }, SAML_POST_URL);

      const observer = await context.newPage();
      await observer.goto(`chrome-extension://${extensionId}/${popup}`);
      await observer.evaluate(
        ([index, prefix, probeKey]) => {
          interface StoredShape {
            readonly flow: { readonly id: string; readonly hops: readonly { readonly kind: string; readonly startedAt: string }[] };
            readonly closedAt?: number;
            readonly diagnosis?: { readonly primary: { readonly id: string }; readonly evaluatedAt: string };
            readonly preliminaryDiagnosis?: { readonly primary: { readonly id: string; readonly severity: string } };
          }
          const records: ChangeRecord[] = [];
          const probes: { i: number; at: number }[] = [];
          window.__ssoDoctorBench = records;
          window.__ssoDoctorBenchProbe = probes;
          // The worker stores an index of flow ids and each flow under its own key; a write carries only what changed.
          const current = new Map<string, StoredFlowFacts>();
          let order: readonly string[] = [];
          chrome.storage.onChanged.addListener((changes, area) => {
            const at = Date.now();
            if (area !== 'session') return;
            const probe = changes[probeKey]?.newValue as { i?: unknown } | undefined;
            if (typeof probe?.i === 'number') probes.push({ i: probe.i, at });
            let touched = false;
            const indexChange = changes[index];
            if (indexChange !== undefined) {
              order = (indexChange.newValue as { flowIds?: readonly string[] } | undefined)?.flowIds ?? [];
              touched = true;
            }
            for (const [key, change] of Object.entries(changes)) {
              if (!key.startsWith(prefix)) continue;
              touched = true;
              const captured = change.newValue as StoredShape | undefined;
              if (captured === undefined) {
                current.delete(key.slice(prefix.length));
                continue;
              }
              // Inline, not a helper: a named function here would carry the bundler's __name wrapper into the page.
              const post = captured.flow.hops.find((hop) => hop.kind === 'aws-saml');
              current.set(key.slice(prefix.length), {
                id: captured.flow.id,
                postAt: post === undefined ? undefined : Date.parse(post.startedAt),
                closedAt: captured.closedAt,
                primary: captured.diagnosis?.primary.id,
                early: captured.preliminaryDiagnosis?.primary.id,
                earlySeverity: captured.preliminaryDiagnosis?.primary.severity,
                evaluatedAt: captured.diagnosis?.evaluatedAt,
              });
            }
            if (touched) records.push({ at, flows: order.flatMap((id) => current.get(id) ?? []) });
          });
        },
        [layout.index, layout.prefix, PROBE_KEY] as const,
      );

      const total = settings.quick ? 3 : 7;
      const attempt = (throttle: boolean) => runAttempt({ context, observer, url: lab.urls.telephonyProviderSettings, layout, throttle, cdp: (page) => context.newCDPSession(page) });
      // Each later series starts from an empty store too, so all of them see the same growth.
      const clearFlows = () => observer.evaluate((channel) => chrome.runtime.sendMessage({ channel, method: 'clearFlows', args: [] }), messageChannel);
      for (let run = 0; run < total + 1; run++) {
        const result = await attempt(false);
        if (typeof result === 'string') return skip(result);
        (run === 0 ? cold : runs).push(result);
      }
      lab.setScenario(PAGE_NEEDED_SCENARIO);
      await clearFlows();
      for (let run = 0; run < total; run++) {
        const result = await attempt(false);
        if (typeof result === 'string') return skip(`${PAGE_NEEDED_SCENARIO}: ${result}`);
        pageNeeded.push(result);
      }
      lab.setScenario(SCENARIO);
      await clearFlows();
      for (let run = 0; run < total; run++) {
        const result = await attempt(true);
        if (typeof result === 'string') return skip(`Fast 4G: ${result}`);
        throttled.push(result);
      }
      const dispatch = await worker.evaluate(() => globalThis.__ssoDoctorBenchDispatch ?? []);
      const lastFlow = (await observer.evaluate(readStoredFlows, layout)).at(-1)?.flow;
      floor = await probeFloor(worker, observer, layout, dispatch, lastFlow, diagnose);
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
  const closedRatio = summarizeSamples(runs.map((run) => run.closedToStoredMs / run.pageLoadMs));
  const postToStored = summarizeSamples(runs.map((run) => run.postToStoredMs));
  const closedToStored = summarizeSamples(runs.map((run) => run.closedToStoredMs));
  const loadEndToStored = summarizeSamples(runs.map((run) => run.loadEndToStoredMs));
  const finals = [...new Set([...runs, ...throttled, ...pageNeeded].map((run) => run.primary))];
  if (finals.some((id) => id !== EXPECTED_VERDICT)) notes.push(`The final verdicts stored were [${finals.join(', ')}], not only ${EXPECTED_VERDICT}.`);
  const rows: BenchRow[] = [
    earlyVerdictRow('(first stored verdict − SAML POST) / error page load time', runs, { target: true, context: 'loopback lab' }),
    {
      label: '  (final diagnosis − SAML POST) / error page load time',
      value: formatRatio(postRatio.median),
      measured: postRatio.median,
      spread: describeSpread(postRatio, formatRatio),
      detail:
        `POST → final diagnosis stored ${formatMs(postToStored.median)}; error page load ${formatMs(pageLoad.median)} (loopback lab); ` +
        `page loaded → flow closed ${formatMs(summarizeSamples(runs.map((run) => run.loadEndToStoredMs - run.closedToStoredMs)).median)} (the content script reports the page at document_idle); ` +
        `page loaded → stored ${formatMs(loadEndToStored.median)}`,
    },
    {
      label: '  (final diagnosis − flow closed) / error page load time',
      value: formatRatio(closedRatio.median),
      measured: closedRatio.median,
      spread: describeSpread(closedRatio, formatRatio),
      detail: `flow closed → stored ${formatMs(closedToStored.median)} (the worker's own diagnosis latency: diagnoseFlow, then the write of the state with the verdict in it)`,
    },
  ];
  if (throttled.length > 0) rows.push(earlyVerdictRow('  Fast 4G: (first stored verdict − SAML POST) / error page load time', throttled, { target: false, context: 'DevTools\' "Fast 4G" preset on the attempt\'s tab, a stand-in for the real AWS page over the internet; beside, not instead of, the loopback figure' }));
  if (pageNeeded.length > 0) {
    const ratio = summarizeSamples(pageNeeded.map((run) => run.loadEndToStoredMs / run.pageLoadMs));
    const firstVerdicts = [...new Set(pageNeeded.map((run) => run.firstVerdict))];
    rows.push({
      label: `  ${PAGE_NEEDED_SCENARIO} (the page is needed): (final verdict stored − page loaded) / page load`,
      value: formatRatio(ratio.median),
      measured: ratio.median,
      spread: describeSpread(ratio, formatRatio),
      detail:
        `without AWS's metadata the SAML value of a response signed by a rotated certificate looks sound, so the verdict comes from the page text: page loaded → final verdict stored ${formatMs(summarizeSamples(pageNeeded.map((run) => run.loadEndToStoredMs)).median)}, ` +
        `page load ${formatMs(summarizeSamples(pageNeeded.map((run) => run.pageLoadMs)).median)}, POST → final verdict ${formatMs(summarizeSamples(pageNeeded.map((run) => run.postToStoredMs)).median)}; ` +
        `the first verdict stored was ${firstVerdicts.join(', ')} (not shown by the popup unless it is an error)`,
    });
  }
  rows.push(...floorRows(floor, pageLoad.median));
  notes.push(
    'Under one lock, every capture event reads every stored flow (one storage.session.get), applies itself, and writes back only the flows it changed (each flow has its own key; the index of flow ids is written when that list changes). ' +
      'The read still grows with the flows already stored, and the SAML POST waits behind the events before it ' +
      `(each run adds one flow; the verdict of the state in flight waits for that write). POST → first stored verdict by flows stored before the attempt: ${runs.map((run) => `${String(run.storedFlows)} (${run.storedKb.toFixed(0)} KB) → ${formatMs(run.postToEarlyMs)}`).join(', ')}.`,
  );
  if (coldStorage !== undefined) {
    notes.push(
      `First storage reads in a freshly started worker (separate browser launch): storage.managed.get ${formatMs(coldStorage.managed)}, storage.local.get ${formatMs(coldStorage.local)}, storage.session.get ${formatMs(coldStorage.session)}. ` +
        'The worker starts reading the settings (policy included) when it wakes and keeps them until they change, but until policy has been read once in this browser session there is no stored copy of it, so the first diagnosis after the browser starts waits for it (at most the worker\'s policy wait, then it diagnoses with local settings).',
    );
  }
  const first = cold[0];
  if (first !== undefined) {
    rows.push({
      label: '  first attempt after browser start: (first stored verdict − POST) / page load',
      value: formatRatio(first.postToEarlyMs / first.pageLoadMs),
      measured: first.postToEarlyMs / first.pageLoadMs,
      detail: `POST → first stored verdict ${formatMs(first.postToEarlyMs)} (${first.firstVerdict}), POST → final ${formatMs(first.postToStoredMs)}, flow closed → final ${formatMs(first.closedToStoredMs)}, page load ${formatMs(first.pageLoadMs)} (one run; not in the medians above)`,
    });
  }
  return { id: 'browser', title: TITLE, status: 'done', method: METHOD, rows, notes };
}

interface AttemptOptions {
  readonly context: import('@playwright/test').BrowserContext;
  readonly observer: import('@playwright/test').Page;
  readonly url: string;
  readonly layout: CaptureLayoutKeys;
  readonly throttle: boolean;
  readonly cdp: (page: import('@playwright/test').Page) => Promise<import('@playwright/test').CDPSession>;
}

/** One SSO attempt in a new tab: its figures, or why it could not be measured. */
async function runAttempt(options: AttemptOptions): Promise<RunFacts | string> {
  const { context, observer } = options;
  const flows0 = await observer.evaluate(readStoredFlows, options.layout);
  const stored0 = { flows: flows0.length, kb: JSON.stringify(flows0).length / 1024 };
  const startedAt = Date.now();
  const page = await context.newPage();
  if (options.throttle) {
    const session = await options.cdp(page);
    await session.send('Network.enable');
    await session.send('Network.emulateNetworkConditions', FAST_4G);
  }
  await page.goto(options.url);
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
  if (navigation === undefined || navigation.loadEventEnd <= 0) return 'the AWS error page never finished loading';
  if (stored === undefined) {
    const records = await observer.evaluate(() => window.__ssoDoctorBench ?? []);
    return `no diagnosis appeared in storage.session ("${options.layout.index}" and its flow keys) within 15 s of the POST: ${describeProgress(records, startedAt)}`;
  }
  const postAt = stored.flow.postAt ?? navigation.loadEndWallClock - navigation.loadEventEnd;
  return {
    storedFlows: stored0.flows,
    storedKb: stored0.kb,
    postToEarlyMs: early === undefined ? Number.NaN : Math.min(early.at, stored.at) - postAt,
    postToStoredMs: stored.at - postAt,
    closedToStoredMs: stored.flow.closedAt === undefined ? Number.NaN : stored.at - stored.flow.closedAt,
    pageLoadMs: navigation.loadEventEnd,
    loadEndToStoredMs: stored.at - navigation.loadEndWallClock,
    primary: stored.flow.primary ?? '?',
    firstVerdict: early?.verdict ?? '?',
    firstVerdictId: early?.id,
  };
}

interface Floor {
  readonly dispatch: SampleStatsLike;
  readonly ipcTrivial: SampleStatsLike;
  /** Date.now() moves in 1 ms steps: the mean of the runs says more than their median here. */
  readonly ipcTrivialMean: number;
  /** A copy of every stored flow: what each event wrote while the state was one key. */
  readonly ipcState: SampleStatsLike;
  readonly stateKb: number;
  /** A copy of the newest stored flow: what an event that changes one flow writes now. */
  readonly ipcFlow: SampleStatsLike;
  readonly flowKb: number;
  readonly diagnose: SampleStatsLike | undefined;
}

type SampleStatsLike = ReturnType<typeof summarizeSamples>;

type Diagnose = ((flow: unknown) => Promise<void>) | undefined;

/** The parts no worker code can go below: event dispatch, one storage write seen by a page, diagnoseFlow itself. */
async function probeFloor(
  worker: import('@playwright/test').Worker,
  observer: import('@playwright/test').Page,
  layout: CaptureLayoutKeys,
  dispatch: readonly number[],
  lastFlow: unknown,
  diagnose: Diagnose,
): Promise<Floor> {
  const ipc = async (copy: 'nothing' | 'state' | 'flow'): Promise<number[]> => {
    const latencies: number[] = [];
    for (let i = 0; i < 15; i++) {
      const sentAt = await worker.evaluate(
        async ([index, keys, probeKey, what]) => {
          let state: unknown;
          if (what !== 'nothing') {
            const items = await chrome.storage.session.get(null);
            const ids = (items[keys.index] as { flowIds?: readonly string[] } | undefined)?.flowIds ?? [];
            const flows = ids.map((id) => items[`${keys.prefix}${id}`]);
            state = what === 'state' ? { flows } : flows.at(-1);
          }
          const at = Date.now();
          await chrome.storage.session.set({ [probeKey]: { i: index, state } });
          return at;
        },
        [i, layout, PROBE_KEY, copy] as const,
      );
      const seen = await waitFor(async () => (await observer.evaluate(() => window.__ssoDoctorBenchProbe ?? [])).find((probe) => probe.i === i), 2000);
      if (seen !== undefined) latencies.push(seen.at - sentAt);
      await observer.evaluate(() => window.__ssoDoctorBenchProbe?.splice(0));
    }
    return latencies;
  };
  const trivial = await ipc('nothing');
  const ipcTrivial = summarizeSamples(trivial);
  const ipcTrivialMean = trivial.reduce((sum, ms) => sum + ms, 0) / Math.max(1, trivial.length);
  const ipcState = summarizeSamples(await ipc('state'));
  const ipcFlow = summarizeSamples(await ipc('flow'));
  await worker.evaluate((probeKey) => chrome.storage.session.remove(probeKey), PROBE_KEY);
  const flows = await observer.evaluate(readStoredFlows, layout);
  const stateKb = JSON.stringify({ flows }).length / 1024;
  const flowKb = JSON.stringify(flows.at(-1) ?? {}).length / 1024;
  let diagnoseStats: SampleStatsLike | undefined;
  if (diagnose !== undefined && lastFlow !== undefined) {
    const times: number[] = [];
    for (let i = 0; i < 20; i++) {
      const started = performance.now();
      await diagnose(lastFlow);
      if (i >= 5) times.push(performance.now() - started);
    }
    diagnoseStats = summarizeSamples(times);
  }
  return { dispatch: summarizeSamples(dispatch), ipcTrivial, ipcTrivialMean, ipcState, stateKb, ipcFlow, flowKb, diagnose: diagnoseStats };
}

function floorRows(floor: Floor, pageLoadMs: number): BenchRow[] {
  const rows: BenchRow[] = [
    {
      label: '  floor: webRequest dispatch (POST timeStamp → a worker listener runs)',
      value: formatMs(floor.dispatch.median),
      spread: describeSpread(floor.dispatch, formatMs),
      detail: 'the browser hands the POST to the worker; nothing in the extension runs before this',
    },
    {
      label: '  floor: storage.session.set in the worker → observer page onChanged, trivial value',
      value: formatMs(floor.ipcTrivialMean),
      spread: describeSpread(floor.ipcTrivial, formatMs),
      detail: 'the least any stored verdict costs on its way to a page (mean of the runs: both ends read Date.now(), which moves in 1 ms steps)',
    },
    {
      label: '  floor: the same with a copy of one stored flow',
      value: formatMs(floor.ipcFlow.median),
      spread: describeSpread(floor.ipcFlow, formatMs),
      detail: `${floor.flowKb.toFixed(0)} KB of JSON (the newest flow, with its diagnosis): what a capture event that changes one flow writes, before any waiting for the lock`,
    },
    {
      label: '  the same with a copy of every stored flow',
      value: formatMs(floor.ipcState.median),
      spread: describeSpread(floor.ipcState, formatMs),
      detail: `${floor.stateKb.toFixed(0)} KB of JSON (the flows stored at the end of the runs): what every event wrote while the whole state was one storage key (each flow now has its own)`,
    },
  ];
  if (floor.diagnose !== undefined) {
    rows.push({
      label: '  floor: diagnoseFlow on the captured flow (Node, warm)',
      value: formatMs(floor.diagnose.median),
      spread: describeSpread(floor.diagnose, formatMs),
      detail: 'the verdict itself; the worker runs the same code (measured in the bench process: the bundled worker exposes no function to call)',
    });
  }
  const diagnoseMs = floor.diagnose?.median ?? 0;
  const least = floor.dispatch.median + diagnoseMs + floor.ipcTrivialMean;
  const withState = floor.dispatch.median + diagnoseMs + floor.ipcFlow.median;
  rows.push({
    label: '  floor sum / error page load time',
    value: `${formatRatio(least / pageLoadMs)} – ${formatRatio(withState / pageLoadMs)}`,
    measured: withState / pageLoadMs,
    detail:
      `dispatch + diagnoseFlow + one write: ${formatMs(least)} with a trivial write, ${formatMs(withState)} with the write of one stored flow, over the loopback page load ${formatMs(pageLoadMs)}. ` +
      'The SAML POST also waits for the lock while the events before it (the IdP page\'s own response) are written.',
  });
  return rows;
}

/** The first storage change that holds an early (preliminary) or final verdict of this run's flow. */
function firstEarlyVerdict(records: readonly ChangeRecord[], after: number): { at: number; id: string | undefined; verdict: string } | undefined {
  for (const record of records) {
    if (record.at < after) continue;
    const flow = record.flows.find((candidate) => (candidate.early !== undefined || candidate.primary !== undefined) && (candidate.postAt ?? 0) >= after);
    if (flow === undefined) continue;
    // The final diagnosis wins when both are stored in the same write: it is what the popup shows.
    if (flow.primary !== undefined) return { at: record.at, id: flow.primary, verdict: `${flow.primary} (final)` };
    return { at: record.at, id: flow.early, verdict: `${flow.early ?? '?'} (${flow.earlySeverity ?? '?'}, early)` };
  }
  return undefined;
}

/**
 * POST → first stored verdict over the page load, counted only when that verdict is the one the run
 * ends on: a placeholder stored first (another catalog id) makes the row a failed measurement.
 */
function earlyVerdictRow(label: string, series: readonly RunFacts[], options: { readonly target: boolean; readonly context: string }): BenchRow {
  const target = options.target ? { target: { max: 0.1, strict: true, text: '< 0.1×' } } : {};
  const differing = series.filter((run) => run.firstVerdictId !== run.primary);
  if (differing.length > 0) {
    return {
      label,
      value: 'measurement failed',
      measured: Number.NaN,
      ...target,
      detail:
        `in ${String(differing.length)} of ${String(series.length)} runs the first stored verdict was not the final diagnosis (${[...new Set(differing.map((run) => `${run.firstVerdict} then ${run.primary}`))].join('; ')}), ` +
        'so the time to it is not the time to the verdict a user sees',
    };
  }
  const ratio = summarizeSamples(series.map((run) => run.postToEarlyMs / run.pageLoadMs));
  const verdicts = [...new Set(series.map((run) => run.firstVerdict))];
  return {
    label,
    value: formatRatio(ratio.median),
    measured: ratio.median,
    ...target,
    spread: describeSpread(ratio, formatRatio),
    detail:
      `POST → first stored verdict ${formatMs(summarizeSamples(series.map((run) => run.postToEarlyMs)).median)}, error page load ${formatMs(summarizeSamples(series.map((run) => run.pageLoadMs)).median)} (${options.context}); ` +
      `checked: the first stored verdict has the final diagnosis's catalog id in ${String(series.length)} of ${String(series.length)} runs (${verdicts.join(', ')}): ` +
      'the worker diagnoses the SAML value as soon as the POST is captured, before AWS answers; the popup shows such an early verdict while the flow runs when its severity is error',
  };
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

/** diagnoseFlow with the context the worker builds without settings; undefined when the core is not there. */
async function loadDiagnose(): Promise<Diagnose> {
  const loaded = await loadOptional('the diagnosis core', async () => ({
    core: await import('../../src/core/diagnosis/diagnose.ts'),
    context: await import('../../src/background/build-diagnosis-context.ts'),
  }));
  if (!loaded.ok) return undefined;
  const { core, context } = loaded.value;
  return async (flow: unknown) => {
    await core.diagnoseFlow(flow as Parameters<typeof core.diagnoseFlow>[0], await context.buildDiagnosisContext({}, new Date().toISOString())); // -- reason: a flow the worker stored, as the worker reads it
  };
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
