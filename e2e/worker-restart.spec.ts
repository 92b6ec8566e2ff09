import type { LabScenarioName } from '../lab/scenarios.ts';
import type { CaptureState } from '../src/core/flow/apply-capture-event.ts';
import { expect, test } from './lab-fixtures.ts';
import { PopupPage } from './pages/popup-page.ts';
import { hostsAllowedByRules } from './support/egress-recorder.ts';
import { expectedSteps, expectedVerdict } from './support/lab-expectations.ts';
import { launchLabBrowser } from './support/lab-browser.ts';
import { readStoredCapture } from './support/read-stored-capture.ts';
import { rulesThroughPortFor, startPausableProxy } from './support/pausable-proxy.ts';
import { gateRequest, isIdpLogin, isSamlPost } from './support/request-gate.ts';
import { watchWorker } from './support/worker-lifecycle.ts';

// Why this spec exists: Chrome stops an MV3 service worker whenever it likes (30 s idle, memory),
// also in the middle of a sign-in, and starts it again for the next event. The extension keeps
// nothing in memory for that reason (storage.session under a lock). Here the worker is stopped
// through DevTools (ServiceWorker.stopAllWorkers) at each hop of a flow, after the hop's request
// was recorded and before its response arrives; the next browser event must wake it, and the
// verdict must be the same as without the stops. Its own browser: stopping the worker must not
// disturb the other specs' shared one.

/** Where the flow is held while the worker is stopped. */
type StopAt = 'salesforce-idp' | 'aws-saml' | 'connect-federate';

/**
 * idp/login and the SAML POST are held with Playwright routing; the federation GET is the target
 * of the POST's redirect, which routing does not see, so it is held on the wire: the console hosts
 * go through a pausable relay.
 */
const ROUTED: Readonly<Record<Exclude<StopAt, 'connect-federate'>, (url: URL, method: string) => boolean>> = {
  'salesforce-idp': isIdpLogin,
  'aws-saml': isSamlPost,
};
const CONSOLE_HOST_PATTERNS = ['console.aws.amazon.com', '*.console.aws.amazon.com'];

const CASES: readonly { readonly scenario: LabScenarioName; readonly stopAt: readonly StopAt[] }[] = [
  { scenario: 'connect-not-onboarded', stopAt: ['salesforce-idp', 'aws-saml', 'connect-federate'] },
  { scenario: 'aws-signature-invalid', stopAt: ['salesforce-idp', 'aws-saml'] },
];

for (const { scenario, stopAt } of CASES) {
  test(`${scenario}: the worker stopped at ${stopAt.join(', ')} still reaches ${expectedVerdict(scenario)}`, async ({ privateLab: lab }) => {
    lab.setScenario(scenario);
    const consoleRelay = await startPausableProxy(lab.port);
    const browser = await launchLabBrowser(lab, { hostResolverRules: rulesThroughPortFor(lab.hostResolverRules, CONSOLE_HOST_PATTERNS, consoleRelay.port) });
    const since = Date.now();
    try {
      const { context } = browser;
      // Reads storage.session directly (extension pages may): a message would wake the worker.
      const options = await context.newPage();
      await options.goto(browser.urls.options);
      const lifecycle = await watchWorker(options);
      const capture = async (): Promise<CaptureState | undefined> => readStoredCapture(options);

      const gates = new Map(await Promise.all(stopAt.filter((kind) => kind !== 'connect-federate').map(async (kind) => [kind, await gateRequest(context, ROUTED[kind])] as const)));
      if (stopAt.includes('connect-federate')) consoleRelay.pause();
      const page = await context.newPage();
      const navigation = page.goto(lab.urls.telephonyProviderSettings);
      for (const kind of stopAt) {
        const gate = gates.get(kind as Exclude<StopAt, 'connect-federate'>); // -- reason: undefined for the federation GET, held by the relay instead
        if (gate === undefined) await consoleRelay.held();
        else await gate.arrived;
        // The hop's request is stored (its body too, for the POST) before the worker goes.
        await expect.poll(async () => (await capture())?.flows[0]?.flow.hops.at(-1)?.kind, { message: `${kind} recorded` }).toBe(kind);
        await lifecycle.stop();
        if (gate === undefined) consoleRelay.resume();
        else gate.release();
      }
      await navigation;
      // Only browser events can have woken the worker so far: nothing has messaged it since the stops.
      await expect.poll(async () => (await capture())?.flows[0]?.diagnosis?.primary.id, { message: 'stored verdict', timeout: 20_000 }).toBeDefined();
      expect(lifecycle.restarts, 'the worker came back by itself after every stop').toBeGreaterThanOrEqual(stopAt.length);

      const popup = await PopupPage.open(await context.newPage(), browser.urls.popup);
      await expect.poll(() => popup.steps(), { timeout: 20_000 }).toEqual(expectedSteps(scenario));
      await expect(popup.verdict).toHaveAttribute('data-finding-id', expectedVerdict(scenario));

      const stored = (await capture())?.flows ?? [];
      expect(stored, 'one flow, not one per worker life').toHaveLength(1);
      const hops = stored[0]!.flow.hops;
      for (const kind of stopAt) expect(hops.find((h) => h.kind === kind)?.status, `${kind} has its response`).toBeDefined();
      expect(hops.find((h) => h.kind === 'aws-saml')?.saml?.SAMLResponse, 'the SAML POST body survived').toMatch(/^PD94|^PHNhbWxw|^[A-Za-z0-9+/]{100,}/);

      await Promise.all([...gates.values()].map((g) => g.dispose()));
      await lifecycle.dispose();
      expect(browser.egress.violations(lab.requestLog, { since, navigationHosts: hostsAllowedByRules(lab.hostResolverRules) })).toEqual([]);
    } finally {
      await browser.close();
      await consoleRelay.close();
    }
  });
}
