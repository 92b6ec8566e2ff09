import type { Locator, Page } from '@playwright/test';

/** The options page (opened in a tab, as `options_ui.open_in_tab` says). */
export class OptionsPage {
  readonly page: Page;

  constructor(page: Page) {
    this.page = page;
  }

  static async open(page: Page, optionsUrl: string): Promise<OptionsPage> {
    await page.goto(optionsUrl);
    const options = new OptionsPage(page);
    await options.linkInput.waitFor();
    return options;
  }

  get linkInput(): Locator {
    return this.page.getByRole('textbox', { name: 'Telephony Provider Settings link' });
  }

  get saved(): Locator {
    return this.page.getByText('Saved.', { exact: true });
  }

  async saveLink(link: string): Promise<void> {
    await this.linkInput.fill(link);
    await this.page.getByRole('button', { name: 'Save settings' }).click();
  }
}
