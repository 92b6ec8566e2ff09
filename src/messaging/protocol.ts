import type { DiagnosisContext } from '../core/diagnosis/diagnosis-context.ts';
import type { Diagnosis } from '../core/diagnosis/diagnosis.ts';
import type { Flow, PageReading } from '../core/flow/flow.ts';
import type { SettingKey, Settings } from '../core/settings/settings.ts';
import type { SettingProblem } from '../core/settings/validate-settings.ts';

/**
 * THE list of messages between extension pages / content scripts and the background worker,
 * written as function signatures. The client (`sendMessage`) and the router (`handleMessages`)
 * derive their types from this one declaration; a missing or mistyped handler is a compile error.
 */
export interface Protocol {
  /** Popup/report: everything needed to render, in one round trip. */
  getState(): PopupState;
  /** Report page: one stored flow with its diagnosis. */
  getFlow(flowId: string): StoredFlow | undefined;
  /** Popup "Diagnose": opens the Telephony Provider Settings link in a new tab and watches it. */
  startGuidedDiagnose(): GuidedStart;
  /** Popup "Clear captured data". */
  clearFlows(): void;
  /** Popup first-run prompt / options page: store the link (refused when the setting is managed). */
  saveSettings(settings: Settings): EffectiveSettings;
  /** Report page: re-run the diagnosis of a flow with extra evidence (not stored in settings). */
  rediagnose(request: RediagnoseRequest): Diagnosis | undefined;
  /**
   * What a page needs to export a report of one flow: the flow, its diagnosis and the diagnosis
   * context (trust anchors, Connect users). The export itself (redaction and rendering) runs in
   * the page, loaded on demand, so the service worker stays small.
   */
  getExportInput(flowId: string): ExportInput | undefined;
  /** Content script: the classified text of an error page it read (never the whole page). */
  reportPage(reading: PageReport): void;
}

export interface PopupState {
  readonly latest: StoredFlow | undefined;
  readonly flows: readonly FlowListItem[];
  readonly settings: EffectiveSettings;
  readonly guided: GuidedRun | undefined;
  /** Captured flows that storage held damaged and that were removed, since the captured data was last cleared. */
  readonly discarded?: DiscardedFlows | undefined;
}

/** The note kept (in `storage.session`) when unreadable captured flows are removed, so pages can say so. */
export interface DiscardedFlows {
  readonly count: number;
  /** When the latest were removed (ISO 8601). */
  readonly at: string;
}

export interface StoredFlow {
  readonly flow: Flow;
  readonly diagnosis: Diagnosis | undefined;
}

export interface FlowListItem {
  readonly id: string;
  readonly startedAt: string;
  readonly state: Flow['state'];
  readonly primaryId: string | undefined;
  readonly severity: string | undefined;
}

export interface EffectiveSettings {
  readonly values: Settings;
  /** Keys whose value comes from enterprise policy: shown locked, not editable. */
  readonly managed: readonly SettingKey[];
  /** Stored or policy values that were dropped as invalid (the options page shows them). */
  readonly problems?: readonly (SettingProblem & { readonly source: 'managed' | 'local' })[];
}

export type GuidedStart = { readonly ok: true; readonly tabId: number } | { readonly ok: false; readonly reason: 'no-link' | 'invalid-link' };

export interface GuidedRun {
  readonly tabId: number;
  readonly startedAt: string;
  readonly flowId: string | undefined;
}

export interface RediagnoseRequest {
  readonly flowId: string;
  readonly metadataXml?: string;
  /** JSON text of `aws connect list-users` output. */
  readonly connectUsersJson?: string;
}

export type ExportFormat = 'markdown' | 'json' | 'har';

export interface ExportRequest {
  readonly flowId: string;
  readonly format: ExportFormat;
  readonly unredacted?: boolean;
}

export interface ExportInput {
  readonly flow: Flow;
  readonly diagnosis: Diagnosis;
  readonly context: DiagnosisContext;
}

export interface ExportedReport {
  readonly filename: string;
  readonly mimeType: string;
  readonly content: string;
}

export interface PageReport {
  readonly url: string;
  readonly reading: PageReading;
}
