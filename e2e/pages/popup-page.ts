import type { Download, Locator, Page } from '@playwright/test';
import type { FlowStage, FlowStepState } from '../../src/core/flow/summarize-flow.ts';

export type ExportFormatLabel = 'Markdown' | 'JSON' | 'HAR';

export type StepperState = Partial<Record<FlowStage, FlowStepState>>;

/** The toolbar popup, opened in a tab at the manifest's `action.default_popup`. Located by role and text. */
export class PopupPage {
  readonly page: Page;

  constructor(page: Page) {
    this.page = page;
  }

  static async open(page: Page, popupUrl: string): Promise<PopupPage> {
    await page.setViewportSize({ width: 400, height: 600 });
    await page.goto(popupUrl);
    return new PopupPage(page);
  }

  /** The verdict card: `data-finding-id` is its documented contract (DESIGN.md, verdict-card.tsx). */
  get verdict(): Locator {
    return this.page.locator('[data-finding-id]');
  }

  get verdictSummary(): Locator {
    return this.verdict.getByRole('heading', { level: 2 });
  }

  get emptyState(): Locator {
    return this.page.getByRole('heading', { name: 'No sign-in captured yet' });
  }

  get backgroundSignIn(): Locator {
    return this.page.getByText('Background sign-in');
  }

  get stepper(): Locator {
    return this.page.getByRole('list', { name: 'Sign-in steps' });
  }

  get guidedNotice(): Locator {
    return this.page.getByRole('status').filter({ hasText: 'Watching the sign-in' });
  }

  get diagnoseButton(): Locator {
    return this.page.getByRole('button', { name: 'Diagnose', exact: true });
  }

  get detailsButton(): Locator {
    return this.page.getByRole('button', { name: 'Details for admins' });
  }

  get linkInput(): Locator {
    return this.page.getByRole('textbox', { name: 'Telephony Provider Settings link' });
  }

  /** Each stage of the stepper with its state, read from the list items' data attributes. */
  async steps(): Promise<StepperState> {
    const items = await this.stepper.getByRole('listitem').all();
    const steps: StepperState = {};
    for (const item of items) {
      const stage = (await item.getAttribute('data-stage')) as FlowStage | null; // -- reason: FlowStepper writes FlowStage values
      const state = (await item.getAttribute('data-state')) as FlowStepState | null; // -- reason: FlowStepper writes FlowStepState values
      if (stage !== null && state !== null) steps[stage] = state;
    }
    return steps;
  }

  /** The stepper row of one stage, for its visible words ("Failed", "Not reached"). */
  step(name: 'Salesforce' | 'AWS sign-in' | 'Amazon Connect'): Locator {
    return this.stepper.getByRole('listitem').filter({ hasText: name });
  }

  /** Diagnose; on first use the popup asks for the Telephony Provider Settings link (as a user fills it in). */
  async diagnose(link: string): Promise<void> {
    await this.page.bringToFront();
    await this.diagnoseButton.click();
    const form = this.page.getByRole('heading', { name: 'One-time setup: the sign-in link' });
    const watching = this.guidedNotice;
    await form.or(watching).first().waitFor();
    if (await form.isVisible()) {
      await this.linkInput.fill(link);
      await this.page.getByRole('button', { name: 'Save and diagnose' }).click();
    }
  }

  /** Opens "Details for admins" (the report page, in a new tab). */
  async openReport(): Promise<Page> {
    await this.page.bringToFront();
    const opened = this.page.context().waitForEvent('page');
    await this.detailsButton.click();
    const report = await opened;
    await report.waitForLoadState();
    return report;
  }

  /** Export report → format → Save file, and the download it starts. */
  async exportAs(format: ExportFormatLabel): Promise<Download> {
    await this.page.bringToFront();
    const dialog = this.page.getByRole('region', { name: 'Export report' });
    if (!(await dialog.isVisible())) await this.page.getByRole('button', { name: 'Export report' }).click();
    await dialog.getByRole('radio', { name: new RegExp(`^${format}\\b`) }).check();
    const save = dialog.getByRole('button', { name: 'Save file' });
    await save.waitFor();
    await this.page.waitForFunction((el) => !(el as HTMLButtonElement).disabled, await save.elementHandle());
    const download = this.page.waitForEvent('download');
    await save.click();
    return download;
  }

  async closeExport(): Promise<void> {
    await this.page.getByRole('region', { name: 'Export report' }).getByRole('button', { name: 'Close' }).click();
  }

  async screenshot(path: string): Promise<void> {
    // A background tab paints slowly (throttled frames): bring it forward first.
    await this.page.bringToFront();
    await this.page.screenshot({ path, fullPage: true, animations: 'disabled' });
  }
}
