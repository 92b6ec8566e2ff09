import { deflateRaw } from 'pako';
import { decodeSamlValue, type SamlBinding } from '../binding/decode-saml-value.ts';
import { bytesToBase64 } from '../certificate/bytes-to-base64.ts';
import type { Redactor } from './create-redactor.ts';
import { redactSamlXml } from './redact-saml-xml.ts';

export interface RedactedSamlValue {
  /** The value to export: the redacted XML encoded as the original was, or a placeholder. */
  readonly value: string;
  /** The redacted XML, when the value could be decoded and parsed. */
  readonly xml: string | undefined;
  readonly binding: SamlBinding | undefined;
}

/**
 * Redacts one SAML protocol value (SAMLResponse / SAMLRequest, any binding): decode, redact the
 * XML field by field, encode again the same way (base64 for HTTP-POST, DEFLATE + base64 for
 * HTTP-Redirect, plain XML for XML). The original value, a live credential until it expires, is
 * never passed through: a value that cannot be decoded or parsed is replaced whole by a
 * placeholder that is itself not decodable (so a re-import still reports it as undecodable).
 */
export function redactSamlValue(value: string, redactor: Redactor): RedactedSamlValue {
  const decoding = decodeSamlValue(value);
  if (!decoding.ok) return placeholder(value, redactor);
  const redacted = redactSamlXml(decoding.xml, redactor);
  if (!redacted.ok) return placeholder(value, redactor);
  // The text is re-encoded as UTF-8, so a declaration naming another encoding would now lie.
  const xml = decoding.encoding === 'UTF-8' ? redacted.xml : redacted.xml.replace(/^(<\?xml[^?]*?)\s+encoding\s*=\s*(["'])[^"']*\2/, '$1 encoding="UTF-8"');
  redactor.note('SAML message (re-encoded from the redacted XML; original value not exported)', 'removed');
  return { value: encode(xml, decoding.binding), xml, binding: decoding.binding };
}

function encode(xml: string, binding: SamlBinding): string {
  const bytes = new TextEncoder().encode(xml);
  if (binding === 'post') return bytesToBase64(bytes);
  if (binding === 'redirect') return bytesToBase64(deflateRaw(bytes));
  return xml;
}

function placeholder(value: string, redactor: Redactor): RedactedSamlValue {
  redactor.note('Undecodable SAML value', 'removed');
  return { value: `[sso-doctor: an undecodable SAML value of ${String(value.length)} characters was removed]`, xml: undefined, binding: undefined };
}
