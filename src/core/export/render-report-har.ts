import type { Entry, Har, Header, Log } from 'har-format';
import type { Hop } from '../flow/flow.ts';
import { REDACTION_ATTESTATION_FIELD } from '../redaction/redaction-attestation.ts';
import type { RedactionReceipt } from '../redaction/redaction-receipt.ts';
import { harQueryString } from './har-query-string.ts';
import { pageHtml } from './page-html.ts';
import type { FlowReport } from './flow-report.ts';
import { reportWarning } from './report-warning.ts';

/** Written into `log.creator.version`; the CLI and extension share one version. */
export const SSO_DOCTOR_VERSION = '0.1.0';

/** `log._ssoDoctor` of an exported HAR: what the file is and what was done to it. */
export interface HarReportNote {
  readonly redacted: boolean;
  readonly notice: string;
  readonly generatedAt: string;
  readonly flowId: string;
  /** When the diagnosis ran: a re-import can evaluate at this time to reproduce it. */
  readonly evaluatedAt: string;
  readonly primaryFindingId: string;
  readonly receipt: RedactionReceipt;
}

/**
 * The flow as a HAR 1.2 document, one entry per hop, shaped so that `flowsFromHar` reads the same
 * flow back: request method and URL, the SAML form fields as `postData.params` (and as form text),
 * status, redirect target, the server `Date` header, and an error page's excerpt as a small HTML
 * body so the page classification re-imports. A redacted hop carrying a SAML value has its
 * signature outcomes attested in `entry._ssoDoctor` (see RedactionAttestation); `log._ssoDoctor`
 * carries the notice, the verdict id and the redaction receipt.
 */
export function renderReportHar(report: FlowReport): string {
  const entries = report.flow.hops.map((hop): Entry => {
    const entry = hopEntry(hop);
    const attestation = report.attestations[hop.id];
    return attestation === undefined ? entry : { ...entry, [REDACTION_ATTESTATION_FIELD]: attestation };
  });
  const notice = reportWarning(report);
  const log: Log & Record<typeof REDACTION_ATTESTATION_FIELD, HarReportNote> = {
    version: '1.2',
    creator: { name: 'sso-doctor', version: SSO_DOCTOR_VERSION },
    pages: [],
    entries,
    comment: notice,
    [REDACTION_ATTESTATION_FIELD]: {
      redacted: report.redacted,
      notice,
      generatedAt: report.generatedAt,
      flowId: report.flow.id,
      evaluatedAt: report.evaluatedAt,
      primaryFindingId: report.primaryFindingId,
      receipt: report.receipt,
    },
  };
  const har: Har = { log };
  return `${JSON.stringify(har, null, 2)}\n`;
}

function hopEntry(hop: Hop): Entry {
  const time = hop.durationMs ?? 0;
  const form = formFields(hop);
  const formText = form.map((field) => `${field.name}=${encodeURIComponent(field.value)}`).join('&');
  // Percent-encoded as Chrome writes them: `flowsFromHar` decodes a value that has a %XX escape once.
  const params = form.map((field) => ({ name: field.name, value: encodeURIComponent(field.value) }));
  const requestHeaders: Header[] = form.length > 0 ? [{ name: 'Content-Type', value: 'application/x-www-form-urlencoded' }] : [];
  const responseHeaders: Header[] = [];
  if (hop.serverDate !== undefined && Number.isFinite(Date.parse(hop.serverDate))) responseHeaders.push({ name: 'Date', value: new Date(hop.serverDate).toUTCString() });
  if (hop.redirectTo !== undefined) responseHeaders.push({ name: 'Location', value: hop.redirectTo });
  const html = hop.page === undefined ? undefined : pageHtml(hop.page);
  if (html !== undefined) responseHeaders.push({ name: 'Content-Type', value: 'text/html; charset=utf-8' });

  const entry: Entry = {
    startedDateTime: hop.startedAt,
    time,
    request: {
      method: hop.method,
      url: hop.url,
      httpVersion: 'HTTP/1.1',
      cookies: [],
      headers: requestHeaders,
      queryString: harQueryString(hop.url),
      headersSize: -1,
      bodySize: formText.length,
      ...(form.length > 0 ? { postData: { mimeType: 'application/x-www-form-urlencoded', params } } : {}),
    },
    response: {
      status: hop.status ?? 0,
      statusText: hop.statusText ?? '',
      httpVersion: 'HTTP/1.1',
      cookies: [],
      headers: responseHeaders,
      content: html === undefined ? { size: 0, mimeType: 'x-unknown' } : { size: html.length, mimeType: 'text/html', text: html },
      redirectURL: hop.redirectTo ?? '',
      headersSize: -1,
      bodySize: html?.length ?? 0,
      ...(hop.networkError === undefined ? {} : { _error: hop.networkError }),
    },
    cache: {},
    timings: { send: 0, wait: time, receive: 0 },
    _resourceType: 'document',
  };
  return entry;
}

/** The SAML fields of a POST (a redirect-binding value stays in the URL). */
function formFields(hop: Hop): { name: string; value: string }[] {
  if (hop.method !== 'POST' || hop.saml === undefined) return [];
  const fields: { name: string; value: string }[] = [];
  if (hop.saml.SAMLRequest !== undefined && !hop.url.includes('SAMLRequest=')) fields.push({ name: 'SAMLRequest', value: hop.saml.SAMLRequest });
  if (hop.saml.SAMLResponse !== undefined && !hop.url.includes('SAMLResponse=')) fields.push({ name: 'SAMLResponse', value: hop.saml.SAMLResponse });
  if (fields.length > 0 && hop.saml.RelayState !== undefined) fields.push({ name: 'RelayState', value: hop.saml.RelayState });
  return fields;
}
