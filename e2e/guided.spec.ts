import { LAB_SCENARIOS, type LabScenarioName } from '../lab/scenarios.ts';
import { expect, test, type LabSession } from './lab-fixtures.ts';
import { OptionsPage } from './pages/options-page.ts';
import { ReportPage } from './pages/report-page.ts';
import {
  connectUsersJson,
  COVERED_SCENARIOS,
  expectedBadge,
  expectedPageText,
  expectedPopupVerdict,
  expectedSteps,
  expectedVerdict,
  NEEDS_EVIDENCE,
} from './support/lab-expectations.ts';
import { gateRequest, isSamlPost } from './support/request-gate.ts';

// Why this spec exists: when the agent presses Diagnose, the popup opens the contact center's
// Telephony Provider Settings link in a new tab, follows the sign-in live and ends on the verdict.
// The link is entered the way a user does (the popup's one-time form, or the options page). Two
// requests of the real flow are held back for a moment so the stepper's intermediate states are
// observed, not just its end state: idp/login on the wire (Playwright cannot route the first
// request of a tab the extension opens), the SAML POST with Playwright routing.

/** Presses Diagnose, checks the stepper at each held hop, then the end state, the page the lab showed, and the badge. */
async function diagnoseAndFollow(session: LabSession, name: LabScenarioName, options: { linkAlreadySet?: boolean } = {}): Promise<void> {
  const { popup, browser, lab, network } = session;
  const { context } = browser;
  const reachesAws = LAB_SCENARIOS[name].outcome.stage !== 'salesforce';
  const postGate = reachesAws ? await gateRequest(context, isSamlPost) : undefined;
  try {
    const opened = context.waitForEvent('page');
    network.pause();
    if (options.linkAlreadySet === true) await popup.diagnoseButton.click();
    else await popup.diagnose(lab.urls.telephonyProviderSettings);
    // Playwright reports the new tab only once its first navigation commits: await it after resuming.
    await network.held();
    await expect(popup.guidedNotice).toBeVisible();
    await expect.poll(() => popup.steps(), { message: 'stepper while idp/login is held' }).toEqual({ salesforce: 'running', 'aws-signin': 'not-reached', connect: 'not-reached' });
    network.resume();
    const tab = await opened;

    if (postGate !== undefined) {
      await postGate.arrived;
      await expect.poll(() => popup.steps(), { message: 'stepper while the SAML POST is held' }).toEqual({ salesforce: 'ok', 'aws-signin': 'running', connect: 'not-reached' });
      postGate.release();
    }

    // The popup may show an early verdict while the flow still runs: wait for the flow to close.
    await browser.settledFlow();
    await expect.poll(() => popup.steps(), { message: 'stepper at the end' }).toEqual(expectedSteps(name));
    await expect(popup.verdict).toHaveAttribute('data-finding-id', expectedPopupVerdict(name));
    await expect(popup.backgroundSignIn, 'a guided run is a top-level sign-in').toBeHidden();
    await expect(popup.guidedNotice, 'the popup stops saying it watches once the run has ended').toBeHidden();
    const text = expectedPageText(name);
    if (text !== undefined) await expect(tab.getByText(text).first(), 'the page the lab showed in the Diagnose tab').toBeVisible();
    await expect.poll(() => browser.badgeText(), { message: 'toolbar badge' }).toBe(expectedBadge(name));
  } finally {
    network.resume();
    await postGate?.dispose();
  }
}

test.describe('guided: Diagnose in the popup', () => {
  test('the options page stores the link; Diagnose then runs without asking', async ({ labSession }) => {
    const { browser, lab } = labSession;
    await labSession.useScenario('aws-signature-invalid');
    const options = await OptionsPage.open(await browser.context.newPage(), browser.urls.options);
    await options.saveLink(lab.urls.telephonyProviderSettings);
    await expect(options.saved).toBeVisible();
    await labSession.popup.page.bringToFront();
    await diagnoseAndFollow(labSession, 'aws-signature-invalid', { linkAlreadySet: true });
  });

  test('the popup asks for the link once, refuses an AWS link in its place, then diagnoses', async ({ labSession }) => {
    const { popup, lab } = labSession;
    await labSession.useScenario('sf-insufficient-privileges');
    await popup.diagnoseButton.click();
    // A common mistake: the Connect federation URL (the RelayState) instead of the idp/login link.
    await popup.linkInput.fill(lab.urls.federate);
    await popup.page.getByRole('button', { name: 'Save and diagnose' }).click();
    await expect(popup.page.getByRole('alert')).toBeVisible();
    await popup.page.getByRole('button', { name: 'Cancel' }).click();
    await diagnoseAndFollow(labSession, 'sf-insufficient-privileges');
    // Stored: the next Diagnose goes straight to the link.
    expect((await labSession.browser.call('getState')).settings.values.telephonyProviderSettingsUrl).toBe(lab.urls.telephonyProviderSettings);
  });

  for (const name of COVERED_SCENARIOS) {
    test(`${name}: the stepper progresses to ${expectedPopupVerdict(name)}`, async ({ labSession }) => {
      await labSession.useScenario(name);
      await diagnoseAndFollow(labSession, name);
      const need = NEEDS_EVIDENCE[name];
      if (need === undefined) return;
      const report = new ReportPage(await labSession.popup.openReport());
      await report.importConnectUsers(connectUsersJson(name, labSession.lab.identity));
      await expect(report.verdict).toHaveAttribute('data-finding-id', expectedVerdict(name));
    });
  }
});
