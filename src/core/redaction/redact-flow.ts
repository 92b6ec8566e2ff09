import type { SamlParameters } from '../binding/find-saml-parameters.ts';
import type { Flow, Hop, PageReading } from '../flow/flow.ts';
import type { Redactor } from './create-redactor.ts';
import { redactSamlValue } from './redact-saml-value.ts';

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

/**
 * The flow with every hop redacted: URLs keep host and path (ids in them pseudonymized or masked,
 * secret parameters removed), SAML values are replaced by their redacted re-encoding, page
 * excerpts are scrubbed. Timing, status codes, redirect chain, page classification and AWS
 * request ids are kept: they are what the diagnosis and a support engineer need.
 */
export function redactFlow(flow: Flow, redactor: Redactor): Flow {
  const redacted: Mutable<Flow> = {
    id: flow.id,
    source: flow.source,
    startedAt: flow.startedAt,
    hops: flow.hops.map((hop) => redactHop(hop, redactor)),
    state: flow.state,
  };
  if (flow.closeReason !== undefined) redacted.closeReason = flow.closeReason;
  if (flow.background !== undefined) redacted.background = flow.background;
  if (flow.tabId !== undefined) redactor.note('Browser tab id', 'removed');
  redactor.note('Hop URLs (host and path), methods, status codes, timing, redirect chain', 'kept', flow.hops.length);
  return redacted;
}

export function redactHop(hop: Hop, redactor: Redactor): Hop {
  const out: Mutable<Hop> = { id: hop.id, kind: hop.kind, url: redactor.url(hop.url), method: hop.method, startedAt: hop.startedAt };
  if (hop.durationMs !== undefined) out.durationMs = hop.durationMs;
  if (hop.status !== undefined) out.status = hop.status;
  if (hop.statusText !== undefined) out.statusText = redactor.text(hop.statusText);
  if (hop.redirectTo !== undefined) out.redirectTo = redactor.url(hop.redirectTo);
  if (hop.serverDate !== undefined) out.serverDate = hop.serverDate;
  if (hop.networkError !== undefined) out.networkError = redactor.text(hop.networkError);
  if (hop.resourceType !== undefined) out.resourceType = hop.resourceType;
  if (hop.saml !== undefined) out.saml = redactSamlParameters(hop.saml, redactor);
  if (hop.page !== undefined) out.page = redactPage(hop.page, redactor);
  return out;
}

export function redactSamlParameters(saml: SamlParameters, redactor: Redactor): SamlParameters {
  const out: Mutable<SamlParameters> = {};
  if (saml.SAMLRequest !== undefined) out.SAMLRequest = redactSamlValue(saml.SAMLRequest, redactor).value;
  if (saml.SAMLResponse !== undefined) out.SAMLResponse = redactSamlValue(saml.SAMLResponse, redactor).value;
  if (saml.RelayState !== undefined) {
    out.RelayState = /^https?:\/\//i.test(saml.RelayState) ? redactor.url(saml.RelayState) : redactor.text(saml.RelayState);
    redactor.note('RelayState (target URL kept, ids pseudonymized)', 'kept');
  }
  if (saml.SigAlg !== undefined) out.SigAlg = saml.SigAlg;
  if (saml.Signature !== undefined) redactor.note('Redirect-binding Signature parameter', 'removed');
  if (saml.rawQuery !== undefined) redactor.note('Raw SAML query string', 'removed');
  return out;
}

export function redactPage(page: PageReading, redactor: Redactor): PageReading {
  const out: Mutable<PageReading> = { classification: page.classification, excerpt: redactor.text(page.excerpt) };
  if (page.title !== undefined) out.title = redactor.text(page.title);
  if (page.serviceErrors !== undefined) {
    // Service name, status and error code are vocabulary; the request id is what AWS support asks for.
    out.serviceErrors = page.serviceErrors.map((error) => ({ ...error }));
    redactor.note('AWS service error code and request id', 'kept', page.serviceErrors.length);
  }
  if (page.roleArn !== undefined) out.roleArn = redactor.text(page.roleArn);
  redactor.note('Error page excerpt (classification kept, text scrubbed)', 'kept');
  return out;
}
