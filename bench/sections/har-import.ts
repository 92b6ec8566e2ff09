import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { formatBytes, formatMs, formatRatio, type BenchRow, type SectionResult, skippedSection } from '../bench-result.ts';
import type { BenchSettings } from '../bench-settings.ts';
import { buildBenchResponse } from '../build-bench-response.ts';
import { buildLargeHar } from '../build-large-har.ts';
import { loadOptional, missingFunctions } from '../load-optional.ts';
import { measureInterleaved, ratioStats, timeStats } from '../measure-interleaved.ts';
import { describeProfile, profileOperation } from '../profile-operation.ts';
import { describeSpread } from '../summarize-samples.ts';

const TITLE = 'HAR import';
const HAR_BYTES = 50 * 1024 * 1024;
const METHOD =
  'A 50 MB HAR (Chrome-export shape, thousands of entries: scripts, styles, JSON, base64 images, documents; 3 complete SSO flows with signed 8 KB responses) is generated at run time into a temp directory and read back as text. ' +
  'Subject: `readDiagnosisInput(text, now)`, the CLI\'s import path (JSON.parse + `flowsFromHar`). Baseline: `JSON.parse(text)` alone. Interleaved rounds; ratio per round.';

/** Section 4: importing a big HAR costs little more than parsing its JSON. */
export async function benchHarImport(settings: BenchSettings): Promise<SectionResult> {
  const loaded = await loadOptional(
    'HAR import path',
    async () => ({
      input: await import('../../src/core/input/read-diagnosis-input.ts'),
      diagnose: await import('../../src/core/diagnosis/diagnose.ts'),
      builder: await import('../../src/testing/saml-builder.ts'),
    }),
    (m) => missingFunctions(m.input, ['readDiagnosisInput']) ?? missingFunctions(m.builder, ['createTestIdp', 'encodePost']),
  );
  if (!loaded.ok) return skippedSection('har', TITLE, METHOD, `not available yet: ${loaded.reason}`);
  const { input, diagnose, builder } = loaded.value;

  const idp = await builder.createTestIdp();
  const value = builder.encodePost(buildBenchResponse(idp));
  const har = buildLargeHar({ targetBytes: HAR_BYTES, samlResponses: [value, value, value] });
  const directory = mkdtempSync(join(tmpdir(), 'sso-doctor-bench-har-'));
  let text: string;
  try {
    const path = join(directory, 'large.har');
    writeFileSync(path, har.text);
    text = readFileSync(path, 'utf8');
  } finally {
    rmSync(directory, { recursive: true, force: true });
  }
  const now = builder.testContext().now;

  const notes: string[] = [];
  const check = input.readDiagnosisInput(text, now);
  const flows = check.kind === 'har' ? check.flows : [];
  if (flows.length !== har.samlFlows) notes.push(`Sanity check failed: expected ${String(har.samlFlows)} flows from the HAR, got ${check.kind === 'har' ? String(flows.length) : check.kind}.`);

  const operations = [
    { name: 'JSON.parse', run: () => JSON.parse(text) as unknown },
    { name: 'readDiagnosisInput', run: () => input.readDiagnosisInput(text, now) },
    ...(typeof diagnose.diagnoseFlow === 'function'
      ? [
          {
            name: 'import+diagnose',
            run: async () => {
              const read = input.readDiagnosisInput(text, now);
              return read.kind === 'har' ? Promise.all(read.flows.map((flow) => diagnose.diagnoseFlow(flow, { now }))) : read;
            },
          },
        ]
      : []),
  ];
  const measurement = await measureInterleaved(operations, { ...settings, runs: Math.min(settings.runs, settings.quick ? 3 : 9), warmupRuns: 1, minBatchMs: 0 });
  const baseline = timeStats(measurement, 'JSON.parse');
  const ratio = ratioStats(measurement, 'readDiagnosisInput', 'JSON.parse');
  const rows: BenchRow[] = [
    {
      label: 'readDiagnosisInput / JSON.parse (50 MB HAR)',
      value: formatRatio(ratio.median),
      measured: ratio.median,
      target: { max: 2, text: '≤ 2.0×' },
      spread: describeSpread(ratio, formatRatio),
      detail: `${formatMs(timeStats(measurement, 'readDiagnosisInput').median)} vs JSON.parse ${formatMs(baseline.median)}; ${formatBytes(text.length)}, ${String(har.entries)} entries, ${String(har.samlFlows)} SSO flows`,
    },
  ];
  if (measurement.samples.has('import+diagnose')) {
    const full = ratioStats(measurement, 'import+diagnose', 'JSON.parse');
    rows.push({
      label: '  import + diagnoseFlow of every flow / JSON.parse',
      value: formatRatio(full.median),
      measured: full.median,
      spread: describeSpread(full, formatRatio),
      detail: `${formatMs(timeStats(measurement, 'import+diagnose').median)} (what \`sso-doctor diagnose big.har\` does, minus reading the file)`,
    });
  }
  if (ratio.median > 2) notes.push(describeProfile('readDiagnosisInput on the 50 MB HAR', await profileOperation(() => input.readDiagnosisInput(text, now), 4000)));
  return { id: 'har', title: TITLE, status: 'done', method: METHOD, rows, notes };
}
