import { decodeSamlValue } from '../binding/decode-saml-value.ts';
import type { Diagnosis } from '../diagnosis/diagnosis.ts';
import type { Flow } from '../flow/flow.ts';
import type { Redactor } from './create-redactor.ts';
import { isPersonAttribute, learnSamlIdentities } from './redact-saml-xml.ts';

export interface ReportIdentities {
  readonly flow?: Flow;
  readonly diagnosis?: Diagnosis;
  /** Further names the report may mention, e.g. the Connect usernames of `aws connect list-users`. */
  readonly people?: readonly string[];
}

/**
 * First pass of a report: teaches the redactor every identity the flow, the diagnosis and the
 * given user list carry, before anything is redacted, so that a name is scrubbed from free text
 * (finding titles, page excerpts, commands) even where nothing marks it as a name.
 */
export function learnReportIdentities(sources: ReportIdentities, redactor: Redactor): void {
  for (const hop of sources.flow?.hops ?? []) {
    redactor.learnUrl(hop.url);
    if (hop.redirectTo !== undefined) redactor.learnUrl(hop.redirectTo);
    if (hop.saml?.RelayState !== undefined) redactor.learnUrl(hop.saml.RelayState);
    for (const value of [hop.saml?.SAMLResponse, hop.saml?.SAMLRequest]) {
      if (value === undefined) continue;
      const decoding = decodeSamlValue(value);
      if (decoding.ok) learnSamlIdentities(decoding.xml, redactor);
    }
  }
  const message = sources.diagnosis?.message;
  if (message !== undefined) {
    if (message.xml !== '') learnSamlIdentities(message.xml, redactor);
    const assertion = message.assertion;
    if (assertion?.nameId !== undefined) redactor.learn(assertion.nameId);
    if (assertion?.roleSessionName !== undefined) redactor.learn(assertion.roleSessionName);
    for (const attribute of assertion?.attributes ?? []) {
      if (isPersonAttribute(attribute.name)) for (const value of attribute.values) redactor.learn(value);
    }
  }
  for (const person of sources.people ?? []) redactor.learn(person);
}
