import type { ExportedReport, ExportRequest } from '../../messaging/protocol.ts';
import type { sendMessage } from '../../messaging/send-message.ts';

/**
 * Exports a report of one flow in the page that asked for it: the worker hands over the flow, its
 * diagnosis and context; redaction and rendering are loaded on demand (a separate chunk), so
 * neither the service worker nor the popup's first load carries them. Redacted unless
 * `unredacted` is explicitly true.
 */
export async function exportInPage(call: typeof sendMessage, request: ExportRequest): Promise<ExportedReport | undefined> {
  const input = await call('getExportInput', request.flowId);
  if (input === undefined) return undefined;
  const { exportFlowReport } = await import('../../core/export/export-flow-report.ts');
  const report = await exportFlowReport(input.flow, input.diagnosis, {
    format: request.format,
    redact: request.unredacted !== true,
    salt: randomSalt(),
    now: new Date().toISOString(),
    context: input.context,
  });
  return { filename: report.filename, mimeType: report.mimeType, content: report.content };
}

/** Keys the report's pseudonyms; fresh per export so two reports cannot be joined. */
function randomSalt(): string {
  return Array.from(crypto.getRandomValues(new Uint8Array(16)), (byte) => byte.toString(16).padStart(2, '0')).join('');
}
