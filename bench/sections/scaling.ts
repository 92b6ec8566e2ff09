import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { errorText, formatBytes, formatMs, formatRatio, type BenchRow, type SectionResult, skippedSection } from '../bench-result.ts';
import type { BenchSettings } from '../bench-settings.ts';
import { buildScaledResponse } from '../build-bench-response.ts';
import { loadOptional, missingFunctions } from '../load-optional.ts';
import { describeSpread, summarizeSamples } from '../summarize-samples.ts';
import type { ScalingChildReport, ScalingFixture } from './scaling-child.ts';

const TITLE = 'Scaling with assertion size';
const KB = 1024;
export const SCALING_SIZES = [4 * KB, 16 * KB, 64 * KB, 256 * KB, 1024 * KB, 4096 * KB] as const;
const METHOD =
  'Assertions grown with multi-valued attributes (4 values each) from 4 KB to 4 MB, each signed twice like the 8 KB case; `diagnoseFlow` with the metadata as trust anchor. ' +
  'Each size runs in its own child process (`bench/sections/scaling-child.ts`, default stack): a heap that just held a 4 MB document would slow the small sizes down, and the peak RSS must be the size\'s own. ' +
  'A child warms up (a fifth of its time budget, up to 5,000 diagnoses, so V8 has optimised the code even for the smallest size), then times repeated diagnoses and, alternately, the floor (base64 decode + xmldom parse); the sizes are run in several passes (order reversed on every other pass) and each size\'s figure is the median over passes, ' +
  'so a burst of load on the shared machine hits one pass of one size, not the result. Target: the slowest time per KB within 1.5× of the fastest.';

interface SizeFixture {
  readonly targetBytes: number;
  readonly xml: string;
  readonly label: string;
}

/** Section 3: cost per KB from a normal assertion to a huge one; no stack overflow; peak memory. */
export async function benchScaling(settings: BenchSettings): Promise<SectionResult> {
  const loaded = await loadOptional(
    'diagnoseFlow and test builders',
    async () => ({ diagnose: await import('../../src/core/diagnosis/diagnose.ts'), builder: await import('../../src/testing/saml-builder.ts') }),
    (m) => missingFunctions(m.diagnose, ['diagnoseFlow']) ?? missingFunctions(m.builder, ['createTestIdp', 'buildIdpMetadataXml', 'flowWithSamlPost']),
  );
  if (!loaded.ok) return skippedSection('scaling', TITLE, METHOD, `not available yet: ${loaded.reason}`);
  const { builder } = loaded.value;
  const idp = await builder.createTestIdp();
  const metadataXml = builder.buildIdpMetadataXml(idp);
  const fixtures: SizeFixture[] = SCALING_SIZES.map((targetBytes) => {
    const { xml } = buildScaledResponse(idp, targetBytes);
    return { targetBytes, xml, label: `assertion ≥ ${formatBytes(targetBytes)} (response ${formatBytes(xml.length)})` };
  });

  const passes = settings.quick ? 1 : 3;
  const reports = new Map<SizeFixture, ScalingChildReport[]>(fixtures.map((fixture) => [fixture, []]));
  const failures = new Map<SizeFixture, string>();
  const directory = mkdtempSync(join(tmpdir(), 'sso-doctor-bench-scaling-'));
  try {
    const paths = new Map<SizeFixture, string>();
    for (const fixture of fixtures) {
      const path = join(directory, `${String(fixture.targetBytes)}.json`);
      writeFileSync(path, JSON.stringify({ xml: fixture.xml, metadataXml } satisfies ScalingFixture));
      paths.set(fixture, path);
    }
    for (let pass = 0; pass < passes; pass++) {
      for (const fixture of pass % 2 === 0 ? fixtures : [...fixtures].reverse()) {
        if (failures.has(fixture)) continue;
        try {
          const profile = pass === 0 && fixture === fixtures.at(-1);
          reports.get(fixture)!.push(await runChild(paths.get(fixture)!, settings, profile));
        } catch (error) {
          failures.set(fixture, errorText(error));
        }
      }
    }
  } finally {
    rmSync(directory, { recursive: true, force: true });
  }

  const rows: BenchRow[] = [];
  const notes: string[] = [];
  const perPassMicrosPerKb = new Map<SizeFixture, number[]>();
  for (const fixture of fixtures) {
    const runs = reports.get(fixture)!;
    const failure = failures.get(fixture);
    if (runs.length === 0) {
      rows.push({ label: fixture.label, value: 'failed', detail: failure ?? '' });
      notes.push(`${fixture.label}: the child failed — ${failure ?? 'no output'}.`);
      continue;
    }
    const passMedians = runs.map((report) => summarizeSamples(report.diagnosisMs).median);
    const floorMedians = runs.map((report) => summarizeSamples(report.floorMs).median);
    const microsPerKb = passMedians.map((ms) => (ms * 1000) / (fixture.xml.length / KB));
    perPassMicrosPerKb.set(fixture, microsPerKb);
    const perKb = summarizeSamples(microsPerKb);
    const first = runs[0]!;
    rows.push({
      label: fixture.label,
      value: `${perKb.median.toFixed(1)} µs/KB`,
      spread: describeSpread(perKb, (value) => value.toFixed(0)),
      detail:
        `${formatMs(summarizeSamples(passMedians).median)} per diagnosis (${formatRatio(summarizeSamples(passMedians).median / summarizeSamples(floorMedians).median)} its floor); ` +
        `peak RSS ${formatBytes(Math.max(...runs.map((report) => report.maxRssBytes)))} (+${formatBytes(Math.max(0, ...runs.map((report) => report.maxRssBytes - report.baselineRssBytes)))} over the child's baseline); ` +
        `${String(first.diagnosisMs.length)} timed runs per pass; verdict ${first.primaryId}`,
    });
    if (failure !== undefined) notes.push(`${fixture.label}: a later pass failed — ${failure}.`);
    if (first.primaryId !== 'sso-healthy' || first.signatureOutcomes.some((outcome) => outcome !== 'valid')) {
      notes.push(`${fixture.label}: expected sso-healthy with valid signatures, got ${first.primaryId} [${first.signatureOutcomes.join(', ')}] — this size may be refused rather than diagnosed.`);
    }
  }
  const medians = fixtures.flatMap((fixture) => {
    const values = perPassMicrosPerKb.get(fixture);
    return values === undefined ? [] : [summarizeSamples(values).median];
  });
  const spread = medians.length >= 2 ? Math.max(...medians) / Math.min(...medians) : Number.NaN;
  const perPassSpreads = summarizeSamples(
    Array.from({ length: passes }, (_, pass) => {
      const values = fixtures.flatMap((fixture) => perPassMicrosPerKb.get(fixture)?.[pass] ?? []);
      return values.length >= 2 ? Math.max(...values) / Math.min(...values) : Number.NaN;
    }),
  );
  rows.unshift({
    label: 'slowest / fastest time per KB across sizes',
    value: formatRatio(spread),
    measured: spread,
    target: { max: 1.5, text: '≤ 1.5×' },
    spread: `per pass: ${describeSpread(perPassSpreads, formatRatio)}`,
  });
  // The same ratio for the floor alone (base64 decode + xmldom parse, timed in the same children):
  // how evenly merely reading the XML scales on this machine, for comparison.
  const floorMedians = fixtures.flatMap((fixture) => {
    const runs = reports.get(fixture) ?? [];
    return runs.length === 0 ? [] : [(summarizeSamples(runs.map((report) => summarizeSamples(report.floorMs).median)).median * 1000) / (fixture.xml.length / KB)];
  });
  if (floorMedians.length >= 2) {
    const floorSpread = Math.max(...floorMedians) / Math.min(...floorMedians);
    rows.splice(1, 0, {
      label: '  the floor alone (base64 + xmldom parse): slowest / fastest time per KB',
      value: formatRatio(floorSpread),
      detail: `${floorMedians.map((value) => value.toFixed(0)).join(' / ')} µs/KB from the smallest size to the largest`,
    });
  }
  const results = fixtures.flatMap((fixture) => {
    const runs = reports.get(fixture)!;
    return runs.length === 0 ? [] : [{ xmlBytes: fixture.xml.length, medianMs: summarizeSamples(runs.map((report) => summarizeSamples(report.diagnosisMs).median)).median, report: runs[0] }];
  });
  const measured = results.map((result) => ({ kb: result.xmlBytes / KB, ms: result.medianMs }));
  if (measured.length >= 3) {
    const fit = fitLine(measured.map((point) => point.kb), measured.map((point) => point.ms));
    const marginal = measured.map((point) => (point.ms - fit.intercept) / point.kb);
    const marginalSpread = Math.max(...marginal) / Math.min(...marginal);
    rows.push({
      label: 'fit (least squares, relative): time = fixed + per-KB × size',
      value: `${formatMs(fit.intercept)} + ${(fit.slope * 1000).toFixed(1)} µs/KB`,
      detail: `without the fixed part, time per KB spans ${formatRatio(marginalSpread)} across sizes (${marginal.map((value) => (value * 1000).toFixed(0)).join(' / ')} µs/KB); the fixed part is what a 4 KB message pays on top`,
    });
  }
  const slowest = medians.indexOf(Math.max(...medians));
  const fitRow = rows.find((row) => row.label.startsWith('fit'));
  if (spread > 1.5 && slowest === 0 && fitRow !== undefined) {
    notes.push(
      `Time per KB is highest for the smallest message because every diagnosis pays a fixed part (${fitRow.value.split(' + ')[0] ?? '?'}; mostly the four WebCrypto calls, whose cost does not depend on the size much (section 1 replays them alone), and the scenarios) that a 4 KB message cannot spread; ${fitRow.detail ?? ''}.`,
    );
  } else if (spread > 1.5 && slowest === medians.length - 1) {
    notes.push('Time per KB is highest for the largest message: the cost grows faster than the size (see the profile of the largest size below: garbage collection and canonicalization).');
  }
  const largest = medians.at(-1);
  const fastest = Math.min(...medians);
  if (largest !== undefined && floorMedians.length === medians.length && largest / fastest > 1.3) {
    const floorGrowth = (floorMedians.at(-1) ?? Number.NaN) / Math.min(...floorMedians);
    notes.push(
      `At the large end time per KB rises as well (${formatRatio(largest / fastest)} of the fastest size at the largest), and so does the floor's (${formatRatio(floorGrowth)}): past a few hundred KB the heap holds a DOM of hundreds of thousands of nodes, and garbage collection and cache misses grow with it, for xmldom's parse as for our canonicalization. ` +
        (floorGrowth > 1.5
          ? 'The target asks for less spread than merely parsing the XML with xmldom shows on this machine.'
          : 'The floor stays within the target here, so part of the rise is ours (see the profile of the largest size below).'),
    );
  }
  for (const result of results) if (result.report?.profile !== undefined) notes.push(result.report.profile);
  if (failures.size === 0) notes.push('No stack overflow or crash at any size (each child ran with the default stack).');
  return { id: 'scaling', title: TITLE, status: 'done', method: METHOD, rows, notes };
}

function runChild(fixturePath: string, settings: BenchSettings, profile: boolean): Promise<ScalingChildReport> {
  const args = [join(import.meta.dirname, 'scaling-child.ts'), fixturePath, String(settings.runs), String(settings.quick ? 2000 : 4000), ...(profile ? ['profile'] : [])];
  const child = spawn(process.execPath, ['--import', 'tsx', ...args], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code, signal) => {
      const line = stdout.trim().split('\n').at(-1) ?? '';
      if (code === 0 && line.startsWith('{')) {
        resolve(JSON.parse(line) as ScalingChildReport); // -- reason: the child prints exactly this shape
        return;
      }
      const why = /Maximum call stack size exceeded|RangeError[^\n]*/.exec(stderr)?.[0] ?? stderr.trim().split('\n').slice(-3).join(' ');
      reject(new Error(`exit ${String(code ?? signal)}: ${why}`));
    });
  });
}

/**
 * Least squares y = intercept + slope · x, weighted by 1/y² so that every size counts by its
 * relative error (otherwise the 4 MB point alone decides the line and the fixed part is noise).
 */
function fitLine(x: readonly number[], y: readonly number[]): { readonly intercept: number; readonly slope: number } {
  const weights = y.map((value) => 1 / (value * value));
  const total = weights.reduce((sum, weight) => sum + weight, 0);
  const meanX = x.reduce((sum, value, index) => sum + weights[index]! * value, 0) / total;
  const meanY = y.reduce((sum, value, index) => sum + weights[index]! * value, 0) / total;
  let covariance = 0;
  let variance = 0;
  for (let index = 0; index < x.length; index++) {
    covariance += weights[index]! * (x[index]! - meanX) * (y[index]! - meanY);
    variance += weights[index]! * (x[index]! - meanX) ** 2;
  }
  const slope = variance === 0 ? 0 : covariance / variance;
  return { intercept: meanY - slope * meanX, slope };
}
