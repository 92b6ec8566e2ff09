import { noteAttestedSignatures } from './describe-signature-outcome.ts';
import type { FlowReport } from './flow-report.ts';
import { reportWarning } from './report-warning.ts';

/** JSON report format version; bump when a field changes meaning. */
export const REPORT_JSON_VERSION = 1;

/**
 * The report as JSON: the structured equivalent of the Markdown report, with the notice first so
 * that whoever opens the file reads it before anything else.
 */
export function renderReportJson(report: FlowReport): string {
  const diagnosis = report.diagnosis;
  const document = {
    notice: reportWarning(report),
    report: 'sso-doctor',
    version: REPORT_JSON_VERSION,
    generatedAt: report.generatedAt,
    redacted: report.redacted,
    liveCredential: !report.redacted && report.liveCredentials.length > 0,
    ...(report.redacted ? {} : { liveCredentials: report.liveCredentials }),
    evaluatedAt: report.evaluatedAt,
    verdict:
      diagnosis === undefined
        ? { id: report.primaryFindingId }
        : {
            id: diagnosis.primary.id,
            severity: diagnosis.primary.severity,
            basis: diagnosis.primary.basis,
            title: diagnosis.primary.title,
            summary: diagnosis.primary.summary,
          },
    findings: diagnosis?.findings ?? [],
    flow: report.flow,
    ...(diagnosis?.message === undefined ? {} : { message: { ...diagnosis.message, signatures: noteAttestedSignatures(diagnosis.message.signatures) } }),
    receipt: report.receipt,
  };
  return `${JSON.stringify(document, null, 2)}\n`;
}
