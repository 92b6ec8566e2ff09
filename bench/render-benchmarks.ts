import { formatBytes, rowVerdict, type BenchRow, type SectionResult } from './bench-result.ts';
import type { BenchSettings } from './bench-settings.ts';
import type { MachineInfo } from './read-machine-info.ts';
import { renderRatioChart } from './render-ratio-chart.ts';

export interface BenchRun {
  readonly command: string;
  readonly machine: MachineInfo;
  readonly settings: BenchSettings;
  readonly sections: readonly SectionResult[];
  readonly durationMs: number;
}

const STATUS: Readonly<Record<ReturnType<typeof rowVerdict>, string>> = { met: 'met', missed: 'MISSED', info: '' };

/** The console table: one line per figure, its spread and detail indented below. */
export function renderConsoleTable(run: BenchRun): string {
  const lines: string[] = [];
  const width = 74;
  for (const [index, section] of run.sections.entries()) {
    lines.push('', `${String(index + 1)}. ${section.title}`);
    if (section.status === 'skipped') {
      lines.push(`   ${section.reason ?? 'skipped'}`);
      continue;
    }
    for (const row of section.rows) {
      const status = STATUS[rowVerdict(row)];
      lines.push(`   ${row.label.padEnd(width)} ${row.value.padStart(12)}  ${(row.target?.text ?? '').padEnd(16)} ${status}`);
      if (row.spread !== undefined) lines.push(`   ${' '.repeat(4)}spread ${row.spread}`);
      if (row.detail !== undefined) lines.push(`   ${' '.repeat(4)}${row.detail}`);
    }
    for (const note of section.notes) lines.push(`   note: ${note}`);
  }
  lines.push('', renderRatioChart(run.sections), '');
  return lines.join('\n');
}

/** docs/benchmarks.md: the command, the machine, every figure with its spread, the chart, the method and notes. */
export function renderBenchmarksMarkdown(run: BenchRun): string {
  const { machine, settings } = run;
  const out: string[] = [
    '# Benchmarks',
    '',
    `Written by \`${run.command}\` on ${machine.date} (commit ${machine.commit}); do not edit by hand — rerun the command.`,
    'Every figure is a ratio measured within one run (subject and baseline timed in the same rounds, interleaved), because',
    'absolute times on a shared machine are noise. The figure is the median of the per-round ratios; the spread gives',
    'min–max and the interquartile range (IQR) of the rounds. Nothing here is a timed assertion in a test.',
    '',
    '## Machine',
    '',
    `- CPU: ${machine.cpuModel}, ${String(machine.cores)} cores; ${formatBytes(machine.memoryBytes)} RAM; ${machine.os}`,
    `- Node ${machine.node} (V8 ${machine.v8})`,
    `- Load average when the run started: ${machine.loadAverage.map((value) => value.toFixed(2)).join(' / ')} (1 / 5 / 15 min) — the cores are shared with other jobs, so expect wide spreads.`,
    `- Settings: ${String(settings.runs)} recorded rounds after ${String(settings.warmupRuns)} warm-up round(s), each batch ≥ ${String(settings.minBatchMs)} ms${settings.quick ? ' (`--quick`)' : ''}; whole run ${(run.durationMs / 1000).toFixed(0)} s.`,
    '',
    '## Summary',
    '',
    '| # | Measurement | Result | Target | Status |',
    '|---|---|---|---|---|',
  ];
  for (const [index, section] of run.sections.entries()) {
    if (section.status === 'skipped') {
      out.push(`| ${String(index + 1)} | ${escape(section.title)} | — | — | skipped: ${escape(section.reason ?? '')} |`);
      continue;
    }
    const headline = section.rows.filter((row) => row.target !== undefined);
    for (const row of headline.length > 0 ? headline : section.rows.slice(0, 1)) {
      out.push(`| ${String(index + 1)} | ${escape(section.title)}: ${escape(row.label.trim())} | ${escape(row.value)} | ${escape(row.target?.text ?? '—')} | ${STATUS[rowVerdict(row)] || 'info'} |`);
    }
  }
  out.push('', '## Chart', '', 'Each bar is the result divided by its target; `|` marks the target, so a bar through it (`╫`) is a miss.', '', '```text', renderRatioChart(run.sections), '```', '');
  for (const [index, section] of run.sections.entries()) {
    out.push(`## ${String(index + 1)}. ${section.title}`, '', section.method, '');
    if (section.status === 'skipped') {
      out.push(`**Skipped** — ${section.reason ?? ''}`, '');
      continue;
    }
    out.push('| Measurement | Result | Target | Spread | Detail |', '|---|---|---|---|---|');
    for (const row of section.rows) out.push(detailRow(row));
    out.push('');
    for (const note of section.notes) out.push(`- ${note}`);
    if (section.notes.length > 0) out.push('');
  }
  return `${out.join('\n').trimEnd()}\n`;
}

function detailRow(row: BenchRow): string {
  const status = STATUS[rowVerdict(row)];
  const target = row.target === undefined ? '—' : `${row.target.text}${status === '' ? '' : ` (${status})`}`;
  return `| ${escape(row.label.trim())} | ${escape(row.value)} | ${escape(target)} | ${escape(row.spread ?? '—')} | ${escape(row.detail ?? '')} |`;
}

function escape(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\n/g, ' ');
}
