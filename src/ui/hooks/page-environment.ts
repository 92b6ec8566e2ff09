import type { sendMessage } from '../../messaging/send-message.ts';
import type { ExportedReport, ExportRequest } from '../../messaging/protocol.ts';

/**
 * Everything a page does outside React: talk to the worker, hear about state changes, open tabs,
 * copy and download. Entry files pass the browser's; tests and the screenshot harness pass fakes.
 */
export interface PageEnvironment {
  readonly call: typeof sendMessage;
  /** Calls `listener` when the worker's state may have changed; returns the unsubscribe function. */
  readonly subscribe: (listener: () => void) => () => void;
  readonly openTab: (url: string) => void;
  /** Absolute URL of an extension page, e.g. `src/report/index.html?flow=...`. */
  readonly extensionUrl: (path: string) => string;
  readonly copyText: (text: string) => Promise<void>;
  readonly download: (report: ExportedReport) => void;
  /** Builds an export of one flow (redacted unless asked otherwise), for preview and saving. */
  readonly exportReport: (request: ExportRequest) => Promise<ExportedReport | undefined>;
}

/** A message from whatever a protocol call threw, for display. */
export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
