/**
 * Where the extension keeps things. `storage.session` (memory only, cleared with the browser, not
 * readable by content scripts at its default access level) holds everything captured;
 * `storage.local` holds only the settings a user typed; `storage.managed` is enterprise policy.
 */
export const STORAGE_KEYS = {
  /**
   * storage.session: the index of the capture state (the captured flows' ids, oldest first); each
   * flow (its hops and diagnosis, a `CapturedFlow`) is stored under `captureFlowPrefix` + its id.
   * See src/background/capture-layout.ts.
   */
  capture: 'capture',
  /** storage.session: prefix of the key of one captured flow. */
  captureFlowPrefix: 'capture:',
  /**
   * storage.session: how many unreadable captured flows were removed and when (`DiscardedFlows`),
   * until the user clears the captured data.
   */
  discarded: 'discarded',
  /** storage.session: the guided "Diagnose" run in progress, see `GuidedRun`. */
  guided: 'guided',
  /** storage.local: the user's own settings (`Settings`), used for keys policy does not set. */
  settings: 'settings',
  /** storage.session: a copy of enterprise policy, so a freshly started worker need not wait for it. */
  managedCopy: 'managedCopy',
} as const;
