import { AsnConvert } from '@peculiar/asn1-schema';
import { SubjectPublicKeyInfo } from '@peculiar/asn1-x509';
import { RSAPublicKey } from '@peculiar/asn1-rsa';
import { ECParameters, id_ecPublicKey, id_secp256r1, id_secp384r1, id_secp521r1 } from '@peculiar/asn1-ecc';
import type { CertificateInfo } from './certificate-info.ts';

export interface PublicKeyDescription {
  readonly algorithm: CertificateInfo['keyAlgorithm'];
  /** RSA modulus bits or EC field size. */
  readonly bits: number | undefined;
  /** WebCrypto curve name (`P-256`, `P-384`, `P-521`) or the curve OID for other curves. */
  readonly curve?: string;
}

const RSA_ENCRYPTION = '1.2.840.113549.1.1.1';

const CURVES: ReadonlyMap<string, { readonly name: string; readonly bits: number }> = new Map([
  [id_secp256r1, { name: 'P-256', bits: 256 }],
  [id_secp384r1, { name: 'P-384', bits: 384 }],
  [id_secp521r1, { name: 'P-521', bits: 521 }],
]);

/** Key type and size of a SubjectPublicKeyInfo. */
export function describePublicKey(spki: SubjectPublicKeyInfo): PublicKeyDescription {
  const oid = spki.algorithm.algorithm;
  if (oid === RSA_ENCRYPTION) {
    try {
      const rsa = AsnConvert.parse(spki.subjectPublicKey, RSAPublicKey);
      return { algorithm: 'RSA', bits: bitLength(new Uint8Array(rsa.modulus)) };
    } catch {
      return { algorithm: 'RSA', bits: undefined };
    }
  }
  if (oid === id_ecPublicKey) {
    const parameters = spki.algorithm.parameters;
    if (!parameters) return { algorithm: 'EC', bits: undefined };
    try {
      const named = AsnConvert.parse(parameters, ECParameters).namedCurve;
      const curve = named === undefined ? undefined : CURVES.get(named);
      if (curve) return { algorithm: 'EC', bits: curve.bits, curve: curve.name };
      return named === undefined ? { algorithm: 'EC', bits: undefined } : { algorithm: 'EC', bits: undefined, curve: named };
    } catch {
      return { algorithm: 'EC', bits: undefined };
    }
  }
  return { algorithm: 'other', bits: undefined };
}

/** Key type and size of SubjectPublicKeyInfo DER; undefined when the bytes are not one. */
export function describePublicKeyDer(der: Uint8Array): PublicKeyDescription | undefined {
  try {
    return describePublicKey(AsnConvert.parse(der, SubjectPublicKeyInfo));
  } catch {
    return undefined;
  }
}

function bitLength(bytes: Uint8Array): number {
  let i = 0;
  while (i < bytes.length && bytes[i] === 0) i++;
  const top = bytes[i];
  if (top === undefined) return 0;
  return (bytes.length - i - 1) * 8 + (32 - Math.clz32(top));
}
