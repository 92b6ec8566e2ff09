import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { InPageInput, InPageResult } from './in-page/diagnosis-page-entry.ts';

export const CHROMIUM = '/usr/bin/chromium';
const ORIGIN = 'https://sso-doctor-bench.invalid';

/**
 * Section 1 again, inside headless Chromium: the core bundled for the browser (esbuild, the
 * same sources the worker is built from) runs in a page served from an https origin (a secure
 * context, so WebCrypto is there), and times the floor, diagnoseFlow and the WebCrypto replay in
 * interleaved rounds. Undefined reason string when it cannot run.
 */
export async function measureDiagnosisInChromium(input: Omit<InPageInput, 'now'>): Promise<{ ok: true; result: InPageResult } | { ok: false; reason: string }> {
  if (!existsSync(CHROMIUM)) return { ok: false, reason: `${CHROMIUM} is not installed` };
  const [{ build }, { chromium }] = await Promise.all([import('esbuild'), import('@playwright/test')]);
  const bundled = await build({
    entryPoints: [join(import.meta.dirname, 'in-page', 'diagnosis-page-entry.ts')],
    bundle: true,
    format: 'iife',
    platform: 'browser',
    target: 'chrome120',
    write: false,
    minify: true,
    logLevel: 'silent',
  });
  const script = bundled.outputFiles[0]?.text ?? '';
  const browser = await chromium.launch({ executablePath: CHROMIUM, headless: true });
  try {
    const page = await browser.newPage();
    await page.route(`${ORIGIN}/**`, (route) => {
      const url = new URL(route.request().url());
      return url.pathname === '/bench.js'
        ? route.fulfill({ contentType: 'text/javascript', body: script })
        : route.fulfill({ contentType: 'text/html', body: '<!doctype html><title>sso-doctor bench</title><script src="/bench.js"></script>' });
    });
    await page.goto(`${ORIGIN}/`);
    const result = await page.evaluate((pageInput) => {
      const run = window.runDiagnosisBench;
      if (run === undefined) throw new Error('the bench bundle did not load');
      return run(pageInput);
    }, { ...input, now: new Date().toISOString() });
    return { ok: true, result };
  } finally {
    await browser.close();
  }
}
