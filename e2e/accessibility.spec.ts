import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import { expect, test } from './lab-fixtures.ts';
import { STORAGE_KEYS } from '../src/messaging/storage-keys.ts';
import { expectedSteps } from './support/lab-expectations.ts';

// Why this spec exists: agents use the popup when something is already wrong, often by keyboard,
// in dark mode, on a small screen. axe checks the popup and the report page as a user reaches
// them, on a real failed sign-in, in light and dark colour schemes; the popup must also be usable
// from the keyboard alone (every action reachable with Tab, focus visible).

async function expectNoAxeViolations(page: Page): Promise<void> {
  const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
  expect(results.violations.map((v) => `${v.id}: ${v.help} (${String(v.nodes.length)})`)).toEqual([]);
}

test('the popup and the report page pass axe in light and dark mode after a failed sign-in', async ({ labSession }) => {
  const { popup } = labSession;
  await labSession.useScenario('aws-signature-invalid');
  await labSession.openConsolePage();
  await expect.poll(() => popup.steps(), { timeout: 20_000 }).toEqual(expectedSteps('aws-signature-invalid'));
  await expect(popup.verdict).toHaveAttribute('data-finding-id', 'aws-signature-invalid');

  for (const colorScheme of ['light', 'dark'] as const) {
    await popup.page.emulateMedia({ colorScheme });
    await expectNoAxeViolations(popup.page);
  }

  const report = await popup.openReport();
  await expect(report.locator('[data-finding-id]').first()).toBeVisible();
  for (const colorScheme of ['light', 'dark'] as const) {
    await report.emulateMedia({ colorScheme });
    await expectNoAxeViolations(report);
  }
  await report.close();
});

test('every popup action is reachable with the keyboard, with a visible focus ring', async ({ labSession }) => {
  const { popup } = labSession;
  await labSession.useScenario('sf-insufficient-privileges');
  await labSession.openConsolePage();
  await expect(popup.verdict).toHaveAttribute('data-finding-id', 'sf-insufficient-privileges', { timeout: 20_000 });
  const page = popup.page;
  await page.emulateMedia({ colorScheme: 'light' });
  const reached = new Set<string>();
  for (let i = 0; i < 25; i++) {
    await page.keyboard.press('Tab');
    const focused = await page.evaluate(() => {
      const element = document.activeElement as HTMLElement | null;
      if (element === null || element === document.body) return undefined;
      const style = getComputedStyle(element);
      return { name: element.innerText.trim(), visibleRing: style.outlineStyle !== 'none' && style.outlineWidth !== '0px' };
    });
    if (focused === undefined) continue;
    expect(focused.visibleRing, `focus ring on "${focused.name}"`).toBe(true);
    reached.add(focused.name);
  }
  for (const action of ['Diagnose', 'Details for admins', 'Export report', 'Clear captured data']) {
    expect([...reached].some((name) => name.includes(action)), `${action} reachable by Tab`).toBe(true);
  }
});

test('a captured sign-in storage could no longer read is explained by a quiet note screen readers reach, until the data is cleared', async ({ labSession }) => {
  const page = labSession.popup.page;
  // What a half-written value leaves: the index names a flow whose entry is unreadable.
  await page.evaluate(
    async ({ index, prefix }) => {
      await chrome.storage.session.set({ [index]: { flowIds: ['damaged'] }, [`${prefix}damaged`]: { flow: 'half-written' } });
    },
    { index: STORAGE_KEYS.capture, prefix: STORAGE_KEYS.captureFlowPrefix },
  );
  // getByRole leaves out whatever the accessibility tree hides: the note is read as text.
  const note = page.getByRole('paragraph').filter({ hasText: '1 captured sign-in attempt could not be read and was removed' });
  await expect(note).toBeVisible();
  await expect(page.getByRole('alert')).toHaveCount(0);
  for (const colorScheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme });
    await expectNoAxeViolations(page);
  }
  await page.getByRole('button', { name: 'Clear captured data' }).click();
  await page.getByRole('button', { name: 'Delete' }).click();
  await expect(labSession.popup.emptyState).toBeVisible();
  await expect(note).toHaveCount(0);
});
