import { AsnConvert } from '@peculiar/asn1-schema';
import { ECDSASigValue } from '@peculiar/asn1-ecc';

/**
 * Converts a DER `ECDSA-Sig-Value` (SEQUENCE of r and s, as X.509 carries it) to the fixed-width
 * r||s form WebCrypto verifies (and XML-DSig uses, RFC 4050 / RFC 6931 §3.3.1). Undefined when the
 * bytes are not such a sequence or a value does not fit the curve size.
 */
export function ecdsaSignatureToRaw(der: Uint8Array, fieldBytes: number): Uint8Array<ArrayBuffer> | undefined {
  let value: ECDSASigValue;
  try {
    value = AsnConvert.parse(der, ECDSASigValue);
  } catch {
    return undefined;
  }
  const out = new Uint8Array(fieldBytes * 2);
  const r = stripLeadingZeros(new Uint8Array(value.r));
  const s = stripLeadingZeros(new Uint8Array(value.s));
  if (r.length > fieldBytes || s.length > fieldBytes) return undefined;
  out.set(r, fieldBytes - r.length);
  out.set(s, fieldBytes * 2 - s.length);
  return out;
}

function stripLeadingZeros(bytes: Uint8Array): Uint8Array {
  let i = 0;
  while (i < bytes.length - 1 && bytes[i] === 0) i++;
  return bytes.subarray(i);
}
