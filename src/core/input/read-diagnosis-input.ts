import { findSamlParameters } from '../binding/find-saml-parameters.ts';
import type { Flow } from '../flow/flow.ts';
import { flowFromSamlValue, flowsFromHar } from '../flow/flow-from-har.ts';
import { problem, type Problem } from '../problem.ts';

export type DiagnosisInput =
  | { readonly kind: 'har'; readonly flows: readonly Flow[]; readonly problems: readonly Problem[]; readonly export?: ExportNote }
  | { readonly kind: 'message'; readonly flow: Flow; readonly value: string; readonly parameter: 'SAMLResponse' | 'SAMLRequest' | 'file' }
  | { readonly kind: 'unusable'; readonly problems: readonly Problem[] };

/** What a HAR exported by sso-doctor says about itself (log._ssoDoctor and the hop attestations). */
export interface ExportNote {
  /** The time the exported diagnosis was made: re-diagnosing "as of then" reproduces it. */
  readonly evaluatedAt?: string;
  /** Certificates the exporter trusted (SHA-256), so a wrong-certificate verdict survives redaction. */
  readonly trustedFingerprints: readonly string[];
}

/**
 * Decides what a file handed to the CLI (or pasted on the report page) is: a HAR 1.2 archive,
 * a form body or query string carrying SAMLResponse/SAMLRequest, a JSON object with those keys,
 * or the SAML value itself (base64, URL-encoded or not, or XML).
 */
export function readDiagnosisInput(text: string, now: string): DiagnosisInput {
  const trimmed = text.replace(/^\uFEFF/, '').trim();
  if (trimmed === '') return { kind: 'unusable', problems: [problem('empty-input', 'error', 'the file is empty')] };
  if (trimmed.startsWith('{') || trimmed.startsWith('[')) {
    let json: unknown;
    try {
      json = JSON.parse(trimmed);
    } catch (error) {
      return { kind: 'unusable', problems: [problem('json-invalid', 'error', `the file looks like JSON but is not valid: ${error instanceof Error ? error.message : String(error)}`)] };
    }
    if (isRecord(json) && isRecord(json['log'])) {
      const { flows, problems } = flowsFromHar(json);
      if (flows.length === 0) {
        return {
          kind: 'unusable',
          problems: [...problems, problem('har-no-sso', 'error', 'the HAR file holds no Salesforce, AWS sign-in or Amazon Connect request of an SSO flow')],
        };
      }
      return { kind: 'har', flows, problems, ...exportNote(json['log'], flows) };
    }
    if (isRecord(json)) {
      const fields = findSamlParameters(json as Record<string, string | undefined>);
      const value = fields.SAMLResponse ?? fields.SAMLRequest;
      if (value !== undefined) return message(value, fields.SAMLResponse !== undefined ? 'SAMLResponse' : 'SAMLRequest', now);
    }
    return { kind: 'unusable', problems: [problem('json-unknown', 'error', 'the JSON is neither a HAR file nor an object with a SAMLResponse or SAMLRequest field')] };
  }
  if (/(^|[?&\s])SAML(Response|Request)=/.test(trimmed)) {
    const fields = findSamlParameters(trimmed.replace(/^.*?(SAML(Response|Request)=)/s, '$1'));
    const value = fields.SAMLResponse ?? fields.SAMLRequest;
    if (value !== undefined) return message(value, fields.SAMLResponse !== undefined ? 'SAMLResponse' : 'SAMLRequest', now);
  }
  return message(trimmed, 'file', now);
}

function message(value: string, parameter: 'SAMLResponse' | 'SAMLRequest' | 'file', now: string): DiagnosisInput {
  return { kind: 'message', flow: flowFromSamlValue(value, now), value, parameter };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function exportNote(log: Record<string, unknown>, flows: readonly Flow[]): { export?: ExportNote } {
  const note = log['_ssoDoctor'];
  const fingerprints = new Set(flows.flatMap((flow) => flow.hops.flatMap((hop) => hop.redaction?.trustedFingerprints ?? [])));
  const evaluatedAt = isRecord(note) && typeof note['evaluatedAt'] === 'string' && !Number.isNaN(Date.parse(note['evaluatedAt'])) ? note['evaluatedAt'] : undefined;
  if (evaluatedAt === undefined && fingerprints.size === 0) return {};
  return { export: { ...(evaluatedAt === undefined ? {} : { evaluatedAt }), trustedFingerprints: [...fingerprints] } };
}
