/**
 * Which requests wake the worker: document loads (top frame and frames) on the manifest's host
 * permissions, which are exactly the hosts of the flow. Sub-resources are left out because the
 * Salesforce console makes many background requests on the same hosts and each event costs a
 * storage read. Read from the manifest at start-up (synchronously), so the list lives in one place.
 */
export function documentFilter(hostPermissions: readonly string[]): chrome.webRequest.RequestFilter {
  return { urls: [...hostPermissions], types: ['main_frame', 'sub_frame'] };
}

/** The AWS sign-in SAML endpoint (`/saml`, `/saml/acs/...`) of every partition, whatever the resource type. */
export function samlPostFilter(hostPermissions: readonly string[]): chrome.webRequest.RequestFilter {
  return { urls: hostPermissions.filter((pattern) => /\/\/(?:\*\.)?signin\./.test(pattern)).map((pattern) => pattern.replace(/\/\*$/, '/saml*')) };
}

/** The `host_permissions` of a manifest object, strings only. */
export function manifestHostPermissions(manifest: unknown): string[] {
  const hosts = typeof manifest === 'object' && manifest !== null ? (manifest as { host_permissions?: unknown }).host_permissions : undefined;
  return Array.isArray(hosts) ? hosts.filter((host): host is string => typeof host === 'string') : [];
}
