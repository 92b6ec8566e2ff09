import type { Download, Locator, Page } from '@playwright/test';

/** "Details for admins": the report page. */
export class ReportPage {
  readonly page: Page;

  constructor(page: Page) {
    this.page = page;
  }

  /** The verdict card in the Verdict section (the findings list below repeats `data-finding-id` per finding). */
  get verdict(): Locator {
    return this.page.getByRole('region', { name: 'Verdict', exact: true }).locator('[data-finding-id]');
  }

  get title(): Locator {
    return this.page.getByRole('heading', { name: 'SSO Doctor report', level: 1 });
  }

  get connectUsers(): Locator {
    return this.page.getByRole('textbox', { name: 'Amazon Connect users (JSON)' });
  }

  /** Pastes `aws connect list-users` output and applies it: the diagnosis runs again with it. */
  async importConnectUsers(json: string): Promise<void> {
    await this.connectUsers.fill(json);
    // The import block holds the textarea and its own "Use this" button.
    await this.connectUsers.locator('xpath=..').getByRole('button', { name: 'Use this' }).click();
  }

  /**
   * Export with "Include unredacted data" confirmed through its warning (the report page offers it;
   * the popup does not). Used as the positive control of the leak check.
   */
  async exportUnredacted(format: 'Markdown' | 'JSON' | 'HAR'): Promise<Download> {
    await this.page.getByRole('button', { name: `Export ${format}` }).click();
    const dialog = this.page.getByRole('region', { name: 'Export report' });
    // A controlled checkbox: it only turns on once the warning is confirmed.
    await dialog.getByRole('checkbox', { name: /unredacted/ }).click();
    await this.page.getByRole('alertdialog').getByRole('button', { name: 'I understand, include everything' }).click();
    await dialog.getByText('Unredacted: everything as captured.').waitFor();
    const save = dialog.getByRole('button', { name: 'Save file' });
    await this.page.waitForFunction((el) => !(el as HTMLButtonElement).disabled, await save.elementHandle());
    const download = this.page.waitForEvent('download');
    await save.click();
    return download;
  }

  get rediagnosed(): Locator {
    return this.page.getByText(/^Diagnosed again: /);
  }

  /** The first screen (verdict, steps, timeline): the full page is several megabytes of PNG. */
  async screenshot(path: string): Promise<void> {
    await this.page.setViewportSize({ width: 1200, height: 900 });
    await this.page.bringToFront();
    await this.page.screenshot({ path, animations: 'disabled' });
  }
}
