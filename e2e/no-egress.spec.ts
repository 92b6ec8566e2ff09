import type { CDPSession } from '@playwright/test';
import { request } from 'node:https';
import { expect, test } from './lab-fixtures.ts';
import { OptionsPage } from './pages/options-page.ts';
import { ReportPage } from './pages/report-page.ts';
import { hostsAllowedByRules } from './support/egress-recorder.ts';
import { launchLabBrowser } from './support/lab-browser.ts';
import { readStoredCapture } from './support/read-stored-capture.ts';

// Why this spec exists: "the extension makes no network requests of its own" (DESIGN.md, privacy
// rules) is the promise users and admins install it on. Every test on the shared browser already
// fails if the extension made a request during it (lab-fixtures.ts), and the worker's teardown
// checks the whole run once more. This spec adds (1) a control showing the recorder catches each
// way an extension could send something — its service worker, its pages, its content script, and
// a request the lab served that no page made — and (2) a tour of every surface of the extension in
// one test, asserted explicitly.

interface ExecutionContextCreated {
  readonly context: { readonly id: number; readonly origin: string; readonly auxData?: { readonly type?: string } };
}

test('control: the recorder catches requests from the worker, an extension page, a content script and outside any page', async ({ privateLab: lab }) => {
  lab.setScenario('aws-signature-invalid');
  const browser = await launchLabBrowser(lab);
  const since = Date.now();
  try {
    const { context, serviceWorker } = browser;
    const salesforce = `https://${lab.hosts.salesforce}`;
    await serviceWorker.evaluate((url) => fetch(`${url}/from-worker`).then(() => undefined, () => undefined), salesforce);

    const extensionPage = await context.newPage();
    await extensionPage.goto(browser.urls.options);
    await extensionPage.evaluate((url) => fetch(`${url}/from-extension-page`).then(() => undefined, () => undefined), salesforce);

    // The content script's isolated world on a lab page, reached through DevTools.
    const page = await context.newPage();
    const session: CDPSession = await context.newCDPSession(page);
    const worlds: ExecutionContextCreated['context'][] = [];
    session.on('Runtime.executionContextCreated', (event: ExecutionContextCreated) => worlds.push(event.context));
    await session.send('Runtime.enable');
    await page.goto(lab.urls.telephonyProviderSettings);
    await expect.poll(() => worlds.some((w) => w.auxData?.type === 'isolated' && w.origin.startsWith('chrome-extension://'))).toBe(true);
    const contentScript = worlds.find((w) => w.auxData?.type === 'isolated' && w.origin.startsWith('chrome-extension://'))!;
    // sourceURL names the evaluated code like a file of the extension, as the content script's own code is.
    await session.send('Runtime.evaluate', {
      contextId: contentScript.id,
      expression: `fetch(${JSON.stringify(`${salesforce}/from-content-script`)}).catch(() => undefined)\n//# sourceURL=chrome-extension://${browser.extensionId}/probe.js`,
      awaitPromise: true,
    });

    // A request that reaches the lab from outside any page the browser reports.
    await new Promise<void>((resolve) => {
      const outside = request({ host: '127.0.0.1', port: lab.port, path: '/from-outside', servername: lab.hosts.salesforce, headers: { host: lab.hosts.salesforce }, rejectUnauthorized: false }, (response) => {
        response.resume();
        response.on('end', resolve);
      });
      outside.on('error', () => {
        resolve();
      });
      outside.end();
    });

    await expect
      .poll(() => browser.egress.violations(lab.requestLog, { since, navigationHosts: hostsAllowedByRules(lab.hostResolverRules) }).map((v) => `${v.rule}: ${new URL(v.url).pathname}`).sort())
      .toEqual(
        expect.arrayContaining([
          'service worker request: /from-worker',
          'extension page request: /from-extension-page',
          'initiated by an extension script: /from-content-script',
          'subresource on a lab page (lab pages have none): /from-content-script',
          'lab request no web page made: /from-worker',
          'lab request no web page made: /from-outside',
        ]),
      );
    await session.detach();
  } finally {
    await browser.close();
  }
});

test('tour: console page, Diagnose, options, report page with evidence import, every export, clear data — no request of the extension’s own', async ({ labSession }) => {
  const { popup, browser, lab } = labSession;
  const since = Date.now();
  const { context } = browser;

  await labSession.useScenario('connect-username-case-mismatch');
  await labSession.openConsolePage();
  await browser.settledFlow();
  await expect(popup.verdict).toBeVisible();

  const options = await OptionsPage.open(await context.newPage(), browser.urls.options);
  await options.saveLink(lab.urls.telephonyProviderSettings);
  await expect(options.saved).toBeVisible();

  await popup.page.bringToFront();
  const opened = context.waitForEvent('page');
  await popup.diagnoseButton.click();
  await (await opened).waitForLoadState();
  await browser.settledFlow();
  await expect.poll(() => popup.steps()).toEqual({ salesforce: 'ok', 'aws-signin': 'ok', connect: 'failed' });
  await expect(popup.verdict).toBeVisible();

  const report = new ReportPage(await popup.openReport());
  await report.importConnectUsers('{"UserSummaryList": [');
  await expect(report.page.getByText(/^Could not use it: /)).toBeVisible();
  await report.importConnectUsers(JSON.stringify({ UserSummaryList: [{ Username: 'someone@else' }] }));
  await expect(report.rediagnosed).toBeVisible();

  await popup.page.bringToFront();
  for (const format of ['Markdown', 'JSON', 'HAR'] as const) await popup.exportAs(format);
  await popup.closeExport();
  await popup.page.getByRole('button', { name: 'Clear captured data' }).click();
  await popup.page.getByRole('button', { name: 'Delete' }).click();
  await expect(popup.emptyState).toBeVisible();
  expect(await readStoredCapture(popup.page)).toEqual({ flows: [] });

  // The recorder was watching: the console page and its iframe's idp/login, POST and federation,
  // and the Diagnose tab's POST and federation (Playwright does not report that tab's first request).
  const navigations = browser.egress.requests.filter((r) => r.at >= since && r.source === 'web-page' && r.navigation).map((r) => `${r.method} ${new URL(r.url).hostname}`);
  expect(navigations.filter((n) => n === 'POST signin.aws.amazon.com')).toHaveLength(2);
  expect(navigations).toContain(`GET ${lab.hosts.lightning}`);
  expect(browser.egress.violations(lab.requestLog, { since, navigationHosts: hostsAllowedByRules(lab.hostResolverRules), openedByDiagnose: [lab.urls.telephonyProviderSettings] })).toEqual([]);
});
