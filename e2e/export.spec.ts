import { execFile } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { promisify } from 'node:util';
import type { LabScenarioName } from '../lab/scenarios.ts';
import { expect, test } from './lab-fixtures.ts';
import type { ExportFormatLabel } from './pages/popup-page.ts';
import { ReportPage } from './pages/report-page.ts';
import { expectedSteps, expectedVerdict } from './support/lab-expectations.ts';
import { findSecretLeaks } from './support/find-secret-leaks.ts';

// Why this spec exists: a report is what leaves the device (attached to a support case), so the
// redaction is checked on real captures, not fixtures: every value the lab treats as a secret
// (people, org/user/account/instance ids, certificate bodies, signature values, session tokens) is
// searched for in each exported file, as is and URL-, base64- and base64url-encoded, and inside
// decoded base64 values. The redacted HAR must still be a working input: the CLI reads it back to
// the same verdict. A positive control shows the search finds the secrets in an unredacted export.

const CLI = resolve(import.meta.dirname, '..', 'bin', 'sso-doctor.js');
const CLI_BUNDLE = resolve(import.meta.dirname, '..', 'dist', 'cli', 'sso-doctor.mjs');
const FORMATS: readonly { label: ExportFormatLabel; extension: string }[] = [
  { label: 'Markdown', extension: '.md' },
  { label: 'JSON', extension: '.json' },
  { label: 'HAR', extension: '.har' },
];

/** A failing KB scenario (certificate and signature data), one that reaches Connect federation, and the full healthy chain (session tokens in URLs). */
const EXPORT_SCENARIOS: readonly LabScenarioName[] = ['aws-signature-invalid', 'connect-not-onboarded', 'sso-healthy'];

interface CliDiagnosis {
  readonly findings: readonly { readonly id: string }[];
}

test.describe('export: redacted reports from the popup', () => {
  test.beforeAll(() => {
    if (!existsSync(CLI_BUNDLE)) throw new Error('The CLI is not built (dist/cli): run `npm run build` before the e2e tests.');
  });

  for (const name of EXPORT_SCENARIOS) {
    test(`${name}: Markdown, JSON and HAR hold no lab secret; the CLI reads the HAR to the same verdict`, async ({ labSession }) => {
      const { popup, browser, lab } = labSession;
      await labSession.useScenario(name);
      const page = await browser.context.newPage();
      await page.goto(lab.urls.telephonyProviderSettings);
      await popup.page.bringToFront();
      await browser.settledFlow();
      await expect.poll(() => popup.steps()).toEqual(expectedSteps(name));
      await expect(popup.verdict).toHaveAttribute('data-finding-id', expectedVerdict(name));

      const files: Record<string, string> = {};
      for (const { label, extension } of FORMATS) {
        const download = await popup.exportAs(label);
        expect(download.suggestedFilename()).toMatch(new RegExp(`redacted\\${extension}$`));
        const path = test.info().outputPath(`${name}${extension}`);
        await download.saveAs(path);
        files[label] = path;
        const content = readFileSync(path, 'utf8');
        expect(content.length, `${label} export is not empty`).toBeGreaterThan(200);
        expect(findSecretLeaks(content, lab.secrets.all()), `${label} export`).toEqual([]);
      }
      expect(readFileSync(files['JSON']!, 'utf8')).toContain(expectedVerdict(name));
      expect(readFileSync(files['Markdown']!, 'utf8')).toContain(expectedVerdict(name));
      await popup.closeExport();

      const { stdout } = await promisify(execFile)(process.execPath, [CLI, 'diagnose', files['HAR']!, '--json'], { timeout: 30_000 });
      const cli = JSON.parse(stdout) as CliDiagnosis; // -- reason: the CLI's documented --json shape (DESIGN.md, command-line contract)
      expect(cli.findings[0]?.id, 'the CLI’s primary finding on the redacted HAR').toBe(expectedVerdict(name));
    });
  }

  test('control: the same search finds the secrets in an unredacted export', async ({ labSession }) => {
    const { popup, browser, lab } = labSession;
    await labSession.useScenario('aws-signature-invalid');
    const page = await browser.context.newPage();
    await page.goto(lab.urls.telephonyProviderSettings);
    await popup.page.bringToFront();
    await browser.settledFlow();
    await expect(popup.verdict).toHaveAttribute('data-finding-id', 'aws-signature-invalid');
    const report = new ReportPage(await popup.openReport());
    const download = await report.exportUnredacted('HAR');
    expect(download.suggestedFilename()).toMatch(/UNREDACTED\.har$/);
    const path = test.info().outputPath('unredacted.har');
    await download.saveAs(path);
    const found = new Set(findSecretLeaks(readFileSync(path, 'utf8'), lab.secrets.all()).map((leak) => leak.secret));
    // The unredacted HAR carries the SAMLResponse: the people in it and the signature must be found.
    for (const secret of [lab.secrets.nameId, lab.secrets.userId, lab.secrets.accountId, lab.secrets.orgId, ...lab.secrets.signatureValues.slice(-1)]) {
      expect(found, `finds ${secret.slice(0, 24)}`).toContain(secret);
    }
  });
});
