/**
 * A flow as a redacted export re-imports it, for tests: every SAMLResponse replaced by its
 * redacted value, with the redaction attestation of the original's signature outcomes on the hop
 * (what flowsFromHar reads back from `entry._ssoDoctor`).
 */
import { analyzeSamlValue } from '../core/analysis/analyze-saml-value.ts';
import type { Flow, Hop } from '../core/flow/flow.ts';
import { createRedactionAttestation } from '../core/redaction/create-redaction-attestation.ts';
import { createRedactor } from '../core/redaction/create-redactor.ts';
import { redactSamlValue } from '../core/redaction/redact-saml-value.ts';

export async function attestedFlow(flow: Flow, now = '2026-03-02T10:00:03Z'): Promise<Flow> {
  const redactor = createRedactor('attested-flow-salt');
  const hops: Hop[] = [];
  for (const hop of flow.hops) {
    const value = hop.saml?.SAMLResponse;
    if (hop.saml === undefined || value === undefined) {
      hops.push(hop);
      continue;
    }
    const analysis = await analyzeSamlValue(value, 'SAMLResponse');
    const redacted = redactSamlValue(value, redactor);
    const redaction = createRedactionAttestation({ analysis, parameter: 'SAMLResponse', redactedValue: redacted.value, trustedFingerprints: [], now }, redactor);
    hops.push({ ...hop, saml: { ...hop.saml, SAMLResponse: redacted.value }, redaction });
  }
  return { ...flow, hops };
}
