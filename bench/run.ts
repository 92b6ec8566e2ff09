/**
 * `npm run bench` — every benchmark, a table on stdout, docs/benchmarks.md rewritten.
 * `npm run bench:budget` (`--only budgets`) — only the bundle budgets; docs untouched.
 *
 * Options: `--only <id,id>` (diagnosis, signature, scaling, har, budgets, browser), `--quick`
 * (fewer rounds), `--no-write` (leave docs/benchmarks.md alone).
 * Exit code: 1 when a bundle budget is exceeded (or, with `--only budgets`, when there is no
 * build to check); ratios that miss their targets are reported, not failed: they are noisy.
 */
import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { rowVerdict, type SectionId, type SectionResult } from './bench-result.ts';
import { FULL_SETTINGS, QUICK_SETTINGS, type BenchSettings } from './bench-settings.ts';
import { readMachineInfo } from './read-machine-info.ts';
import { renderBenchmarksMarkdown, renderConsoleTable, type BenchRun } from './render-benchmarks.ts';
import { benchBrowserDiagnosisLatency } from './sections/browser-diagnosis-latency.ts';
import { benchBundleBudgets } from './sections/bundle-budgets.ts';
import { benchDiagnosisVsFloor } from './sections/diagnosis-vs-floor.ts';
import { benchHarImport } from './sections/har-import.ts';
import { benchScaling } from './sections/scaling.ts';
import { benchSignatureVsPeers } from './sections/signature-vs-peers.ts';

const SECTIONS: readonly { readonly id: SectionId; readonly run: (settings: BenchSettings) => Promise<SectionResult> | SectionResult }[] = [
  { id: 'diagnosis', run: benchDiagnosisVsFloor },
  { id: 'signature', run: benchSignatureVsPeers },
  { id: 'scaling', run: benchScaling },
  { id: 'har', run: benchHarImport },
  { id: 'budgets', run: () => benchBundleBudgets() },
  { id: 'browser', run: benchBrowserDiagnosisLatency },
];

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: { only: { type: 'string' }, quick: { type: 'boolean', default: false }, 'no-write': { type: 'boolean', default: false } },
    strict: true,
  });
  const only = values.only?.split(',').map((id) => id.trim());
  const unknown = (only ?? []).filter((id) => !SECTIONS.some((section) => section.id === id));
  if (unknown.length > 0) {
    process.stderr.write(`bench: unknown section ${unknown.join(', ')}; known: ${SECTIONS.map((section) => section.id).join(', ')}\n`);
    return 2;
  }
  const settings = values.quick ? QUICK_SETTINGS : FULL_SETTINGS;
  const selected = SECTIONS.filter((section) => only === undefined || only.includes(section.id));
  const started = new Date();
  const machine = readMachineInfo(started);
  process.stdout.write(`sso-doctor benchmarks — ${machine.cpuModel} × ${String(machine.cores)}, Node ${machine.node}, load ${machine.loadAverage.map((value) => value.toFixed(1)).join('/')}\n`);

  const sections: SectionResult[] = [];
  for (const section of selected) {
    process.stdout.write(`running ${section.id}…\n`);
    sections.push(await section.run(settings));
  }
  const command = `npm run bench${values.quick || only !== undefined ? ` -- ${[only === undefined ? '' : `--only ${only.join(',')}`, values.quick ? '--quick' : ''].filter(Boolean).join(' ')}` : ''}`;
  const run: BenchRun = { command, machine, settings, sections, durationMs: Date.now() - started.getTime() };
  process.stdout.write(renderConsoleTable(run));

  if (only === undefined && !values['no-write']) {
    const path = resolve(import.meta.dirname, '..', 'docs', 'benchmarks.md');
    writeFileSync(path, renderBenchmarksMarkdown(run));
    process.stdout.write(`wrote ${path}\n`);
  }

  const budgets = sections.find((section) => section.id === 'budgets');
  const over = budgets?.rows.filter((row) => rowVerdict(row) === 'missed') ?? [];
  if (over.length > 0) {
    process.stderr.write(`bench: bundle budget exceeded: ${over.map((row) => `${row.label} ${row.value} (${row.target?.text ?? ''})`).join('; ')}\n`);
    return 1;
  }
  if (only?.includes('budgets') === true && budgets?.status === 'skipped') {
    process.stderr.write(`bench: cannot check the bundle budgets: ${budgets.reason ?? ''}\n`);
    return 1;
  }
  return 0;
}

process.exitCode = await main();
