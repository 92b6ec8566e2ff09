import { diagnoseFlow } from '../core/diagnosis/diagnose.ts';
import { readConnectUsers } from '../core/connect/read-connect-users.ts';
import { applyCaptureEvent, EMPTY_CAPTURE_STATE } from '../core/flow/apply-capture-event.ts';
import { checkSettingsSave } from '../core/settings/check-settings-save.ts';
import { mergeSettings } from '../core/settings/merge-settings.ts';
import { extensionApi } from '../messaging/extension-api.ts';
import type { ProtocolHandlers } from '../messaging/handle-messages.ts';
import { ProtocolError } from '../messaging/message-envelope.ts';
import { STORAGE_KEYS } from '../messaging/storage-keys.ts';
import { buildDiagnosisContext } from './build-diagnosis-context.ts';
import { buildPopupState, findStoredFlow, toEffectiveSettings } from './build-popup-state.ts';
import { readCaptureSession, readCaptureState, readGuidedRun, withCaptureLock, writeCaptureState, writeGuidedRun } from './capture-store.ts';
import { narrowPageReading } from './narrow-page-report.ts';
import { forgetDiagnosisBase, readDiagnosisBase } from './read-diagnosis-base.ts';
import { readEffectiveSettings, readManagedSettings } from './read-effective-settings.ts';
import { recordCaptureEvent } from './record-capture-event.ts';
import { updateBadge } from './update-badge.ts';

/** The background side of `Protocol`: each handler is a short shell around core decisions. */
export const MESSAGE_HANDLERS = {
  async getState() {
    // Opening the popup is also when stalled flows are noticed if the worker slept through their
    // timeout. The tick takes the capture lock only when it has a flow to close: an open popup asks
    // on every stored change and must not queue up in front of the capture events.
    const stored = await readCaptureSession();
    const stalled = applyCaptureEvent(stored.capture, { kind: 'tick' }, Date.now()).state !== stored.capture;
    const capture = stalled ? await recordCaptureEvent({ kind: 'tick' }) : stored.capture;
    const [guided, base] = await Promise.all([stalled ? readGuidedRun() : stored.guided, readDiagnosisBase()]);
    return buildPopupState(capture, guided, base.settings, stored.discarded);
  },

  async getFlow(_sender, flowId) {
    return findStoredFlow(await readCaptureState(), flowId);
  },

  async startGuidedDiagnose() {
    const settings = await readEffectiveSettings();
    const link = settings.values.telephonyProviderSettingsUrl;
    if (link === undefined) {
      const invalid = settings.problems.some((p) => p.key === 'telephonyProviderSettingsUrl');
      return { ok: false, reason: invalid ? 'invalid-link' : 'no-link' } as const;
    }
    const startedAt = new Date().toISOString();
    const tab = await extensionApi().tabs.create({ url: link, active: true });
    if (tab.id === undefined) throw new ProtocolError('no-tab', 'The browser did not open a tab for the link.');
    await writeGuidedRun({ tabId: tab.id, startedAt, flowId: undefined });
    return { ok: true, tabId: tab.id } as const;
  },

  async clearFlows() {
    await withCaptureLock(async () => {
      await writeCaptureState(EMPTY_CAPTURE_STATE);
      // Clearing is also when the note about removed unreadable flows goes.
      await extensionApi().storage.session.remove([STORAGE_KEYS.guided, STORAGE_KEYS.discarded]);
    });
    await updateBadge([]);
  },

  async saveSettings(_sender, settings) {
    const managed = await readManagedSettings();
    const check = checkSettingsSave(settings, managed);
    if (!check.ok) {
      const message =
        check.code === 'setting-managed'
          ? `Set by your organisation's policy, cannot be changed here: ${check.keys.join(', ')}.`
          : check.problems.map((p) => p.message).join(' ');
      throw new ProtocolError(check.code, message);
    }
    await extensionApi().storage.local.set({ [STORAGE_KEYS.settings]: check.toStore });
    // storage.onChanged drops it too, but may arrive after a diagnosis that follows at once.
    forgetDiagnosisBase();
    return toEffectiveSettings(mergeSettings(check.toStore, managed));
  },

  async rediagnose(_sender, request) {
    const stored = findStoredFlow(await readCaptureState(), request.flowId);
    if (stored === undefined) return undefined;
    let connectUsers;
    if (request.connectUsersJson !== undefined) {
      const read = readConnectUsers(request.connectUsersJson);
      if (!read.ok) throw new ProtocolError('invalid-connect-users', read.problems.map((p) => p.message).join(' '));
      connectUsers = read.users;
    }
    const settings = await readEffectiveSettings();
    const context = await buildDiagnosisContext(settings.values, new Date().toISOString(), { metadataXml: request.metadataXml, connectUsers });
    return diagnoseFlow(stored.flow, context);
  },

  async getExportInput(_sender, flowId) {
    const stored = findStoredFlow(await readCaptureState(), flowId);
    if (stored === undefined) return undefined;
    const settings = await readEffectiveSettings();
    const context = await buildDiagnosisContext(settings.values, new Date().toISOString());
    const diagnosis = stored.diagnosis ?? (await diagnoseFlow(stored.flow, context));
    return { flow: stored.flow, diagnosis, context };
  },

  async reportPage(sender, report) {
    if (sender.kind !== 'content-script') return;
    const reading = narrowPageReading((report as { reading?: unknown } | undefined)?.reading); // -- reason: content-script input is untrusted; narrowed here
    if (reading === undefined) return;
    // The page URL comes from the browser (sender), not from the message.
    await recordCaptureEvent({ kind: 'page-reading', tabId: sender.tabId, frameId: sender.frameId, url: sender.url, reading });
  },
} satisfies ProtocolHandlers;

