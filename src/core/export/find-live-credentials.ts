import { decodeSamlValue } from '../binding/decode-saml-value.ts';
import { parseSamlInstant } from '../diagnosis/scenarios/saml-assertion-expired.ts';
import type { Flow } from '../flow/flow.ts';
import { readSamlMessage } from '../message/read-saml-message.ts';
import { parseXml } from '../xml/parse-xml.ts';

export interface LiveCredential {
  readonly hopId: string;
  /** When the credential stops being accepted; undefined when the assertion does not say (or is encrypted). */
  readonly validUntil: string | undefined;
}

/**
 * The SAML responses of a flow that are still bearer credentials at `now`: an assertion is
 * accepted until the earliest of its Conditions NotOnOrAfter and its bearer
 * SubjectConfirmationData NotOnOrAfter (SAML profiles §4.1.4.2). An assertion that states neither,
 * an encrypted one, or a value we cannot read counts as live: unknown is treated as dangerous.
 */
export function findLiveCredentials(flow: Flow, now: string): LiveCredential[] {
  const nowMs = Date.parse(now);
  const live: LiveCredential[] = [];
  for (const hop of flow.hops) {
    const value = hop.saml?.SAMLResponse;
    if (value === undefined) continue;
    const decoding = decodeSamlValue(value);
    const parsed = decoding.ok ? parseXml(decoding.xml) : undefined;
    if (parsed?.ok !== true) {
      live.push({ hopId: hop.id, validUntil: undefined });
      continue;
    }
    let message: ReturnType<typeof readSamlMessage>;
    try {
      message = readSamlMessage(parsed.root);
    } catch {
      live.push({ hopId: hop.id, validUntil: undefined });
      continue;
    }
    if (message.kind !== 'Response') continue;
    if (message.encryptedAssertionCount > 0) live.push({ hopId: hop.id, validUntil: undefined });
    for (const assertion of [...message.assertions, ...(message.nestedAssertions ?? [])]) {
      const limits = [assertion.conditions?.notOnOrAfter, ...(assertion.subject?.confirmations ?? []).map((c) => c.notOnOrAfter)]
        .map((text) => parseSamlInstant(text))
        .filter((ms): ms is number => ms !== undefined);
      const until = limits.length === 0 ? undefined : Math.min(...limits);
      if (until === undefined || Number.isNaN(nowMs) || until > nowMs) {
        live.push({ hopId: hop.id, validUntil: until === undefined ? undefined : new Date(until).toISOString() });
      }
    }
  }
  return live;
}
