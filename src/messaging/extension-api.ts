/**
 * The WebExtension API object of the running browser. Firefox exposes the promise-based `browser`
 * namespace (its `chrome` alias mixes callbacks in); Chrome/Edge MV3 expose promise-returning
 * `chrome`. The subset this extension uses (runtime, storage, webRequest, action, tabs) has the
 * same shape in both, so the `chrome` typings describe either object.
 */
export function extensionApi(): typeof chrome {
  const scope = globalThis as { browser?: typeof chrome; chrome?: typeof chrome };
  const api = scope.browser ?? scope.chrome;
  if (api?.runtime === undefined) throw new Error('No WebExtension API in this context.');
  return api;
}
