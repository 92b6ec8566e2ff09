import { rowVerdict, type SectionResult } from './bench-result.ts';

const TARGET_COLUMN = 24;
const MAX_WIDTH = 48;

/**
 * A text bar chart of every figure that has a target, scaled so the target sits on the same
 * column for all rows: a bar that crosses `|` missed its target. Plain text renders everywhere
 * (terminal, GitHub, an editor).
 */
export function renderRatioChart(sections: readonly SectionResult[]): string {
  const rows = sections.flatMap((section) =>
    section.rows.filter((row) => row.target !== undefined && row.measured !== undefined && Number.isFinite(row.measured)).map((row) => ({ section, row })),
  );
  if (rows.length === 0) return '(no figure with a target was measured)';
  const labels = rows.map(({ section, row }) => `${section.id}: ${shorten(row.label.trim(), 34)}`);
  const width = Math.max(...labels.map((label) => label.length));
  const lines = rows.map(({ row }, index) => {
    const fraction = row.measured! / row.target!.max;
    const length = Math.max(1, Math.min(MAX_WIDTH, Math.round(fraction * TARGET_COLUMN)));
    const cells: string[] = Array.from({ length: Math.max(MAX_WIDTH, TARGET_COLUMN + 1) }, (_, column) => (column < length ? '█' : ' '));
    cells[TARGET_COLUMN] = length > TARGET_COLUMN ? '╫' : '|';
    const overflow = fraction * TARGET_COLUMN > MAX_WIDTH ? '»' : ' ';
    const verdict = rowVerdict(row) === 'met' ? 'ok' : 'MISSED';
    return `${labels[index]!.padEnd(width)}  ${cells.join('')}${overflow} ${row.value} (target ${row.target!.text}) ${verdict}`;
  });
  const header = `${' '.repeat(width)}  ${'0'.padEnd(TARGET_COLUMN)}target${' '.repeat(Math.max(0, MAX_WIDTH - TARGET_COLUMN - 6))}`;
  return [header, ...lines].join('\n');
}

function shorten(text: string, length: number): string {
  return text.length <= length ? text : `${text.slice(0, length - 1)}…`;
}
