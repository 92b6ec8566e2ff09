import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { errorText, formatBytes, formatMs, formatRatio, type BenchRow, type SectionResult, skippedSection } from '../bench-result.ts';
import type { BenchSettings } from '../bench-settings.ts';
import { buildScaledResponse } from '../build-bench-response.ts';
import { loadOptional, missingFunctions } from '../load-optional.ts';
import { summarizeSamples } from '../summarize-samples.ts';
import type { ScalingChildReport, ScalingFixture } from './scaling-child.ts';

const TITLE = 'Scaling with assertion size';
const KB = 1024;
export const SCALING_SIZES = [4 * KB, 16 * KB, 64 * KB, 256 * KB, 1024 * KB, 4096 * KB] as const;
const METHOD =
  'Assertions grown with multi-valued attributes (4 values each) from 4 KB to 4 MB, each signed twice like the 8 KB case; `diagnoseFlow` with the metadata as trust anchor. ' +
  'Each size runs in its own child process (`bench/sections/scaling-child.ts`) so its peak memory (maxRSS) is its own; time per KB of response XML is the median of the runs; ' +
  'the floor (base64 decode + xmldom parse) is timed alternately in the same child. Target: the slowest time per KB within 1.5× of the fastest.';

interface SizeResult {
  readonly targetBytes: number;
  readonly xmlBytes: number;
  readonly report?: ScalingChildReport;
  readonly error?: string;
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
  const directory = mkdtempSync(join(tmpdir(), 'sso-doctor-bench-scaling-'));
  const results: SizeResult[] = [];
  try {
    for (const targetBytes of SCALING_SIZES) {
      const { xml } = buildScaledResponse(idp, targetBytes);
      const path = join(directory, `${String(targetBytes)}.json`);
      const fixture: ScalingFixture = { xml, metadataXml };
      writeFileSync(path, JSON.stringify(fixture));
      try {
        const report = await runChild(path, settings, targetBytes === SCALING_SIZES.at(-1));
        results.push({ targetBytes, xmlBytes: xml.length, report });
      } catch (error) {
        results.push({ targetBytes, xmlBytes: xml.length, error: errorText(error) });
      }
    }
  } finally {
    rmSync(directory, { recursive: true, force: true });
  }

  const rows: BenchRow[] = [];
  const notes: string[] = [];
  const perKb: number[] = [];
  for (const result of results) {
    const label = `assertion ≥ ${formatBytes(result.targetBytes)} (response ${formatBytes(result.xmlBytes)})`;
    if (result.report === undefined) {
      rows.push({ label, value: 'failed', detail: result.error ?? '' });
      notes.push(`${label}: the child failed — ${result.error ?? 'no output'}.`);
      continue;
    }
    const report = result.report;
    const diagnosis = summarizeSamples(report.diagnosisMs);
    const floor = summarizeSamples(report.floorMs);
    const msPerKb = diagnosis.median / (result.xmlBytes / KB);
    perKb.push(msPerKb);
    rows.push({
      label,
      value: `${(msPerKb * 1000).toFixed(1)} µs/KB`,
      detail: `${formatMs(diagnosis.median)} per diagnosis (${formatRatio(diagnosis.median / floor.median)} floor), peak RSS ${formatBytes(report.maxRssBytes)} (+${formatBytes(Math.max(0, report.maxRssBytes - report.baselineRssBytes))} over baseline), runs=${String(diagnosis.count)}, verdict ${report.primaryId}`,
    });
    if (report.primaryId !== 'sso-healthy' || report.signatureOutcomes.some((outcome) => outcome !== 'valid')) {
      notes.push(`${label}: expected sso-healthy with valid signatures, got ${report.primaryId} [${report.signatureOutcomes.join(', ')}] — this size may be refused rather than diagnosed.`);
    }
  }
  const measured = results.flatMap((result) => (result.report === undefined ? [] : [{ kb: result.xmlBytes / KB, ms: summarizeSamples(result.report.diagnosisMs).median }]));
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
  if (perKb.length >= 2) {
    const spread = Math.max(...perKb) / Math.min(...perKb);
    rows.unshift({
      label: 'slowest / fastest time per KB across sizes',
      value: formatRatio(spread),
      measured: spread,
      target: { max: 1.5, text: '≤ 1.5×' },
      detail: `fastest ${(Math.min(...perKb) * 1000).toFixed(1)} µs/KB, slowest ${(Math.max(...perKb) * 1000).toFixed(1)} µs/KB`,
    });
  }
  const spreadRow = rows.find((row) => row.target !== undefined);
  const fitRow = rows.find((row) => row.label.startsWith('fit'));
  if (spreadRow !== undefined && (spreadRow.measured ?? 0) > 1.5 && fitRow !== undefined) {
    notes.push(
      `Time per KB is highest for the smallest message because every diagnosis pays a fixed part (${fitRow.value.split(' + ')[0] ?? '?'}: certificate parsing, key import, two RSA verifications, the scenarios — see section 1) that a 4 KB message cannot spread; ${fitRow.detail ?? ''}.`,
    );
  }
  for (const result of results) if (result.report?.profile !== undefined) notes.push(result.report.profile);
  if (results.every((result) => result.report !== undefined)) notes.push('No stack overflow or crash at any size (each child ran with the default stack).');
  return { id: 'scaling', title: TITLE, status: 'done', method: METHOD, rows, notes };
}

function runChild(fixturePath: string, settings: BenchSettings, profile: boolean): Promise<ScalingChildReport> {
  const args = [join(import.meta.dirname, 'scaling-child.ts'), fixturePath, String(settings.runs), String(settings.quick ? 3000 : 10_000), ...(profile ? ['profile'] : [])];
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
