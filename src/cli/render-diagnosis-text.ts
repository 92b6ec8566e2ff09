import { ATTESTED_OUTCOME_NOTE, type Diagnosis } from '../core/diagnosis/diagnosis.ts';
import type { Finding } from '../core/diagnosis/finding.ts';

const MARK: Record<Finding['severity'], string> = { error: '✖', warning: '⚠', info: 'ℹ' };

/** The human verdict: primary finding first (what, why, what to do), then the rest in one line each. */
export function renderDiagnosisText(diagnosis: Diagnosis, label?: string): string {
  const lines: string[] = [];
  const { primary } = diagnosis;
  if (label !== undefined) lines.push(label);
  lines.push(`${MARK[primary.severity]} ${primary.title}  [${primary.id}]`);
  lines.push(`  ${primary.summary}`);
  if (primary.cause !== '') lines.push(`  Why: ${primary.cause}`);
  const evidence = primary.evidence.filter((e) => e.observed !== undefined || e.expected !== undefined);
  if (evidence.length > 0) {
    lines.push('  Evidence:');
    for (const item of evidence) {
      const parts = [item.observed !== undefined ? `saw ${quote(item.observed)}` : undefined, item.expected !== undefined ? `expected ${quote(item.expected)}` : undefined];
      lines.push(`    - ${item.label}: ${parts.filter((p) => p !== undefined).join(', ')}`);
    }
  }
  if (primary.remediation.length > 0) {
    lines.push('  What to do:');
    primary.remediation.forEach((step, index) => {
      lines.push(`    ${String(index + 1)}. ${step.text}${step.consolePath !== undefined ? ` (${step.consolePath})` : ''}`);
      if (step.command !== undefined) for (const commandLine of step.command.split('\n')) lines.push(`       $ ${commandLine}`);
    });
  }
  // The verdict may rest on outcomes a redacted export only states: say so whatever the finding.
  const attested = (diagnosis.message?.signatures ?? []).filter((signature) => signature.basis === 'attested');
  if (attested.length > 0) {
    lines.push(`  Signatures: ${attested.map((s) => `${s.outcome} on ${s.signedElement ?? '(unresolved reference)'}`).join('; ')} (${ATTESTED_OUTCOME_NOTE})`);
  }
  const others = diagnosis.findings.filter((f) => f !== primary && !(f.id === primary.id && f.title === primary.title));
  if (others.length > 0) {
    lines.push('  Also found:');
    for (const finding of others) lines.push(`    ${MARK[finding.severity]} ${finding.title}  [${finding.id}]`);
  }
  return lines.join('\n');
}

function quote(value: string): string {
  const shown = value.length > 120 ? `${value.slice(0, 117)}...` : value;
  return /^\s|\s$/.test(shown) ? JSON.stringify(shown) : shown;
}
