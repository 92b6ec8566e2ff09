import { exportInPage } from '../export/export-in-page.ts';
import { extensionApi } from '../../messaging/extension-api.ts';
import { sendMessage } from '../../messaging/send-message.ts';
import { subscribeStateChanges } from '../../messaging/subscribe-state-changes.ts';
import type { ExportedReport } from '../../messaging/protocol.ts';
import type { PageEnvironment } from './page-environment.ts';

/** The real environment of an extension page. */
export function browserEnvironment(): PageEnvironment {
  return {
    call: sendMessage,
    subscribe: subscribeStateChanges,
    openTab: (url) => {
      void extensionApi().tabs.create({ url });
    },
    extensionUrl: (path) => extensionApi().runtime.getURL(path),
    copyText: (text) => navigator.clipboard.writeText(text),
    download: downloadReport,
    exportReport: (request) => exportInPage(sendMessage, request),
  };
}

/** Saves through an `<a download>` on a Blob URL: no `downloads` permission needed. */
function downloadReport(report: ExportedReport): void {
  const url = URL.createObjectURL(new Blob([report.content], { type: report.mimeType }));
  const anchor = document.createElement('a');
  anchor.href = url;
  anchor.download = report.filename;
  anchor.rel = 'noopener';
  document.body.append(anchor);
  anchor.click();
  anchor.remove();
  // Revoke later: Chrome reads the Blob after click() returns.
  setTimeout(() => {
    URL.revokeObjectURL(url);
  }, 30_000);
}
