import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { startLab, type Lab } from '../lab/start-lab.ts';
import type { LabScenarioName } from '../lab/scenarios.ts';
import { expect, test as base } from './fixtures.ts';
import { PopupPage } from './pages/popup-page.ts';
import { hostsAllowedByRules } from './support/egress-recorder.ts';
import { launchLabBrowser, type LabBrowser } from './support/lab-browser.ts';
import { rulesThroughPort, startPausableProxy, type PausableProxy } from './support/pausable-proxy.ts';

/** README screenshots from the lab runs (popup and report per KB scenario and the healthy flow). */
export const SCREENSHOT_DIR = resolve(import.meta.dirname, '..', 'docs', 'screenshots', 'lab');

/** The unresolvable CCP host of `connect-ccp-unreachable`: a navigation the lab sends the browser on. */
const UNRESOLVABLE_LAB_HOSTS = ['acme-voice-broken.my.connect.aws'];

export interface LabSession {
  readonly lab: Lab;
  readonly browser: LabBrowser;
  /** The popup, open in its own tab for the whole test. */
  readonly popup: PopupPage;
  /** Sits between Chromium and the lab: `pause()` holds what the browser sends (a request stays in flight). */
  readonly network: PausableProxy;
  /** Switches the lab and clears what the extension captured, so the next flow is the only one. */
  useScenario(name: LabScenarioName): Promise<void>;
  /** Opens the lab's Lightning console page: SSO runs in its hidden iframe, as Omni-Channel does. */
  openConsolePage(): Promise<void>;
  screenshotPath(name: string): string;
}

/** Hosts a lab flow may navigate to: every mapped lab host, and the CCP host that does not resolve. */
function labNavigationHosts(lab: Lab): string[] {
  return [...hostsAllowedByRules(lab.hostResolverRules), ...UNRESOLVABLE_LAB_HOSTS];
}

interface LabWorkerFixtures {
  lab: Lab;
  labProxy: PausableProxy;
  labBrowser: LabBrowser;
}

interface LabTestFixtures {
  labSession: LabSession;
  /**
   * A lab of the test's own, for tests that launch their own browser: the shared lab's request log
   * must only hold the shared browser's requests (the run-wide no-egress check matches them).
   */
  privateLab: Lab;
}

/**
 * The federation lab and one Chromium with the built extension, shared by every test of a worker
 * (one worker: the whole run); `labSession` resets the shared state before each test (captured
 * flows, settings, cookies, stray tabs, routes) and afterwards fails the test if the extension
 * made any request of its own during it. Built on the capture worker's fixtures (their build check
 * and extension path); their loopback server is not used here: the lab replaces it.
 */
export const test = base.extend<LabTestFixtures, LabWorkerFixtures>({
  lab: [
    // eslint-disable-next-line no-empty-pattern -- reason: Playwright fixtures take their dependencies as a destructured object; this one has none
    async ({}, use) => {
      const lab = await startLab({ scenario: 'sso-healthy' });
      await use(lab);
      await lab.close();
    },
    { scope: 'worker' },
  ],

  labProxy: [
    async ({ lab }, use) => {
      const proxy = await startPausableProxy(lab.port);
      await use(proxy);
      await proxy.close();
    },
    { scope: 'worker' },
  ],

  labBrowser: [
    async ({ lab, labProxy }, use) => {
      const browser = await launchLabBrowser(lab, { hostResolverRules: rulesThroughPort(lab.hostResolverRules, lab.port, labProxy.port) });
      const since = Date.now();
      await use(browser);
      // Once more over the browser's whole life (every test that shared it), not test by test.
      const violations = browser.egress.violations(lab.requestLog, { since, navigationHosts: labNavigationHosts(lab), openedByDiagnose: [lab.urls.telephonyProviderSettings] });
      await browser.close();
      expect(violations, 'requests the extension made on its own during the run').toEqual([]);
    },
    { scope: 'worker' },
  ],

  // eslint-disable-next-line no-empty-pattern -- reason: Playwright fixtures take their dependencies as a destructured object; this one has none
  privateLab: async ({}, use) => {
    const lab = await startLab({ scenario: 'sso-healthy' });
    await use(lab);
    await lab.close();
  },

  labSession: async ({ lab, labBrowser, labProxy }, use) => {
    const { context } = labBrowser;
    labProxy.resume();
    await context.unrouteAll({ behavior: 'ignoreErrors' });
    await labBrowser.call('clearFlows');
    await labBrowser.call('saveSettings', {});
    await context.clearCookies();
    await labBrowser.closeTabs();
    const since = Date.now();

    const popup = await PopupPage.open(await context.newPage(), labBrowser.urls.popup);
    await expect(popup.emptyState).toBeVisible();
    mkdirSync(SCREENSHOT_DIR, { recursive: true });

    await use({
      lab,
      browser: labBrowser,
      popup,
      network: labProxy,
      async useScenario(name) {
        lab.setScenario(name);
        await labBrowser.call('clearFlows');
        await context.clearCookies();
        await expect(popup.emptyState).toBeVisible();
      },
      async openConsolePage() {
        const page = await context.newPage();
        await page.goto(lab.urls.consolePage);
      },
      screenshotPath: (name) => join(SCREENSHOT_DIR, `${name}.png`),
    });

    labProxy.resume();
    await context.unrouteAll({ behavior: 'ignoreErrors' });
    const violations = labBrowser.egress.violations(lab.requestLog, { since, navigationHosts: labNavigationHosts(lab), openedByDiagnose: [lab.urls.telephonyProviderSettings] });
    expect(violations, 'requests the extension made on its own during this test').toEqual([]);
  },
});

export { expect };
