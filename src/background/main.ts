// Entry: wiring only. Every listener is registered synchronously at top level so that an event
// wakes the worker with its listener in place; no state is kept in module variables (the
// diagnosis base is a cache of storage, see read-diagnosis-base.ts).
import { extensionApi } from '../messaging/extension-api.ts';
import { handleMessages } from '../messaging/handle-messages.ts';
import { STORAGE_KEYS } from '../messaging/storage-keys.ts';
import { MESSAGE_HANDLERS } from './message-handlers.ts';
import { narrowBeforeRedirect, narrowBeforeRequest, narrowCompleted, narrowErrorOccurred } from './narrow-web-request-details.ts';
import { forgetDiagnosisBase, readDiagnosisBase } from './read-diagnosis-base.ts';
import { refreshManagedCopy } from './read-effective-settings.ts';
import { recordCaptureEvent } from './record-capture-event.ts';
import { documentFilter, manifestHostPermissions, samlPostFilter } from './request-filters.ts';

const api = extensionApi();
const hosts = manifestHostPermissions(api.runtime.getManifest());
const DOCUMENT_FILTER = documentFilter(hosts);
const SAML_POST_FILTER = samlPostFilter(hosts);

api.webRequest.onBeforeRequest.addListener(
  (details) => {
    void recordCaptureEvent(narrowBeforeRequest(details));
    return undefined;
  },
  DOCUMENT_FILTER,
  ['requestBody'],
);
// A SAML POST made by script (not a navigation) still carries the assertion.
api.webRequest.onBeforeRequest.addListener(
  (details) => {
    if (details.type !== 'main_frame' && details.type !== 'sub_frame') void recordCaptureEvent(narrowBeforeRequest(details));
    return undefined;
  },
  SAML_POST_FILTER,
  ['requestBody'],
);
api.webRequest.onBeforeRedirect.addListener((details) => void recordCaptureEvent(narrowBeforeRedirect(details)), DOCUMENT_FILTER, ['responseHeaders']);
api.webRequest.onCompleted.addListener((details) => void recordCaptureEvent(narrowCompleted(details)), DOCUMENT_FILTER, ['responseHeaders']);
api.webRequest.onErrorOccurred.addListener((details) => void recordCaptureEvent(narrowErrorOccurred(details)), DOCUMENT_FILTER);
api.runtime.onMessage.addListener(handleMessages(MESSAGE_HANDLERS));
// Per-area listeners: a global storage.onChanged listener would copy the whole capture state (old
// and new value) into the worker on each of its own writes, on the way to every verdict.
api.storage.local.onChanged.addListener((changes) => {
  if (STORAGE_KEYS.settings in changes) forgetDiagnosisBase();
});
// Never fires in Firefox, which reads policy only at startup.
api.storage.managed.onChanged.addListener(() => {
  forgetDiagnosisBase();
  // Dropped again once the stored copy of policy is fresh: a diagnosis in between read the old copy.
  void refreshManagedCopy().then(forgetDiagnosisBase, forgetDiagnosisBase);
});
// Settings (policy is slow to read in a fresh worker) and metadata are read now, so the first
// diagnosis finds them ready; this also refreshes the stored copy of policy.
readDiagnosisBase().catch((error: unknown) => {
  console.error('SSO Doctor: reading the settings failed', error);
});
