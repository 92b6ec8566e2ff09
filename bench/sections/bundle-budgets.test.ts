import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { rowVerdict } from '../bench-result.ts';
import { benchBundleBudgets } from './bundle-budgets.ts';

describe('benchBundleBudgets', () => {
  let directory = '';
  afterEach(() => {
    rmSync(directory, { recursive: true, force: true });
  });

  function dist(files: Record<string, string>): string {
    directory = mkdtempSync(join(tmpdir(), 'bench-budgets-'));
    for (const [path, content] of Object.entries(files)) {
      mkdirSync(join(directory, path, '..'), { recursive: true });
      writeFileSync(join(directory, path), content);
    }
    return directory;
  }

  it('skips with the command to run when there is no build', async () => {
    const result = await benchBundleBudgets(join(tmpdir(), 'no-such-dist-for-bench'));
    expect(result.status).toBe('skipped');
    expect(result.reason).toMatch(/npm run build:chrome/);
  });

  it('refuses a dev-server build instead of measuring it', async () => {
    const result = await benchBundleBudgets(dist({ 'manifest.json': '{}', 'service-worker-loader.js': "import 'http://localhost:5173/@vite/env';" }));
    expect(result.status).toBe('skipped');
  });

  it('marks a content script over 10 KB gzip as missed and one under it as met', async () => {
    const big = randomBytes(16 * 1024).toString('base64'); // incompressible: stays over 10 KB gzipped
    const result = await benchBundleBudgets(
      dist({
        'manifest.json': JSON.stringify({ content_scripts: [{ js: ['big.js'] }, { js: ['small.js'] }] }),
        'big.js': `const x="${big}";`,
        'small.js': 'console.log(1);',
      }),
    );
    const verdicts = result.rows.filter((row) => row.label.startsWith('content script')).map(rowVerdict);
    expect(verdicts).toEqual(['missed', 'met']);
  });
});
