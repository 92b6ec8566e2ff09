import { BoundedMemo } from './bounded-memo.ts';
import { bytesToBase64 } from './bytes-to-base64.ts';

export type VerifyKeyAlgorithm = { readonly name: 'RSASSA-PKCS1-v1_5'; readonly hash: string } | { readonly name: 'ECDSA'; readonly namedCurve: string };

/**
 * Imported keys kept across calls. Safe to share: an import is a pure function of the key bytes
 * and the algorithm (same bytes → same non-extractable, immutable CryptoKey, or the same refusal),
 * and the memo is bounded. An IdP signs with one or two keys, so every diagnosis after the first
 * skips the import (about as costly as the verification itself).
 */
const IMPORTED = new BoundedMemo<Promise<CryptoKey | undefined>>(32);

/** Imports a SubjectPublicKeyInfo for signature verification; `undefined` when WebCrypto refuses it. */
export function importVerifyKey(spki: Uint8Array<ArrayBuffer>, algorithm: VerifyKeyAlgorithm): Promise<CryptoKey | undefined> {
  const parameter = algorithm.name === 'ECDSA' ? algorithm.namedCurve : algorithm.hash;
  return IMPORTED.get(`${algorithm.name}|${parameter}|${bytesToBase64(spki)}`, () => importOnce(new Uint8Array(spki), algorithm));
}

async function importOnce(spki: Uint8Array<ArrayBuffer>, algorithm: VerifyKeyAlgorithm): Promise<CryptoKey | undefined> {
  const parameters: RsaHashedImportParams | EcKeyImportParams =
    algorithm.name === 'ECDSA' ? { name: 'ECDSA', namedCurve: algorithm.namedCurve } : { name: 'RSASSA-PKCS1-v1_5', hash: algorithm.hash };
  try {
    return await crypto.subtle.importKey('spki', spki, parameters, false, ['verify']);
  } catch {
    // A key WebCrypto refuses (unsupported curve, malformed modulus) cannot verify anything.
    return undefined;
  }
}
