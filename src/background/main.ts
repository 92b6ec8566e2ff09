// Entry: wiring only. Every listener is registered synchronously at top level so that an event
// wakes the worker with its listener in place; no state is kept in module variables.
import { extensionApi } from '../messaging/extension-api.ts';
import { handleMessages } from '../messaging/handle-messages.ts';
import { MESSAGE_HANDLERS } from './message-handlers.ts';
import { narrowBeforeRedirect, narrowBeforeRequest, narrowCompleted, narrowErrorOccurred } from './narrow-web-request-details.ts';
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
api.storage.onChanged.addListener((_changes, area) => {
  if (area === 'managed') void refreshManagedCopy();
});
// Policy is slow to read in a fresh worker: fetch it now, before the first diagnosis needs it.
void refreshManagedCopy();
