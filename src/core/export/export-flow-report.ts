import type { Diagnosis } from '../diagnosis/diagnosis.ts';
import type { DiagnosisContext } from '../diagnosis/diagnosis-context.ts';
import type { Flow } from '../flow/flow.ts';
import type { RedactionReceipt } from '../redaction/redaction-receipt.ts';
import { buildFlowReport } from './flow-report.ts';
import { renderReportHar } from './render-report-har.ts';
import { renderReportJson } from './render-report-json.ts';
import { renderReportMarkdown } from './render-report-markdown.ts';

export type ReportFormat = 'markdown' | 'json' | 'har';

export interface ExportFlowReportOptions {
  readonly format: ReportFormat;
  /** Must be given: `false` exports the original data (with a warning), anything else redacts. */
  readonly redact: boolean;
  /** Random per export, from the caller; keys the pseudonyms and is never written out. */
  readonly salt: string;
  /** ISO-8601 time of the export (names the file; decides whether an assertion is still live). */
  readonly now: string;
  /**
   * The context the diagnosis ran with: its trust anchors make the HAR's signature attestations
   * match the diagnosis, and its Connect usernames are scrubbed from the findings' text.
   */
  readonly context?: DiagnosisContext;
}

export interface ExportedFlowReport {
  readonly filename: string;
  readonly mimeType: string;
  readonly content: string;
  readonly receipt: RedactionReceipt;
}

const FORMATS: Readonly<Record<ReportFormat, { readonly extension: string; readonly mimeType: string }>> = {
  markdown: { extension: 'md', mimeType: 'text/markdown' },
  json: { extension: 'json', mimeType: 'application/json' },
  har: { extension: 'har', mimeType: 'application/json' },
};

/**
 * Exports one diagnosed flow as Markdown (support case), JSON, or a HAR 1.2 that
 * `sso-doctor diagnose` re-imports. Redacted unless `redact: false` is passed explicitly.
 */
export async function exportFlowReport(flow: Flow, diagnosis: Diagnosis, options: ExportFlowReportOptions): Promise<ExportedFlowReport> {
  const redact = options.redact;
  const har = options.format === 'har';
  const report = await buildFlowReport(flow, diagnosis, {
    redact,
    salt: options.salt,
    now: options.now,
    accountIds: har ? 'parseable' : 'display',
    withDiagnosis: !har,
    withAttestations: har,
    ...(options.context === undefined ? {} : { context: options.context }),
  });
  const content = har ? renderReportHar(report) : options.format === 'json' ? renderReportJson(report) : renderReportMarkdown(report);
  const { extension, mimeType } = FORMATS[options.format];
  return { filename: `sso-doctor-${stamp(options.now)}-${redact ? 'redacted' : 'UNREDACTED'}.${extension}`, mimeType, content, receipt: report.receipt };
}

/** `20260302-100003` from an ISO time; `report` when the time does not parse. */
function stamp(now: string): string {
  const match = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})/.exec(now);
  return match === null ? 'report' : `${match.slice(1, 4).join('')}-${match.slice(4, 7).join('')}`;
}
