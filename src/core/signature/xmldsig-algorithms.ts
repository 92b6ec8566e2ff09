/**
 * XML-DSig algorithm identifiers this verifier understands (XMLDSig 1.1 §6, RFC 6931), mapped to
 * WebCrypto parameters. Non-standard names that real IdPs emit are accepted with `nonStandard`
 * set, so the verifier can warn that stricter peers (AWS STS among them) may refuse them.
 */

export const ENVELOPED_SIGNATURE = 'http://www.w3.org/2000/09/xmldsig#enveloped-signature';

export type HashName = 'SHA-1' | 'SHA-256' | 'SHA-384' | 'SHA-512';

export interface DigestAlgorithm {
  readonly hash: HashName;
  /** The standard URI, when this one is a non-standard alias. */
  readonly nonStandard?: string;
}

export const DIGEST_ALGORITHMS: ReadonlyMap<string, DigestAlgorithm> = new Map<string, DigestAlgorithm>([
  ['http://www.w3.org/2000/09/xmldsig#sha1', { hash: 'SHA-1' }],
  ['http://www.w3.org/2001/04/xmlenc#sha1', { hash: 'SHA-1', nonStandard: 'http://www.w3.org/2000/09/xmldsig#sha1' }],
  ['http://www.w3.org/2001/04/xmlenc#sha256', { hash: 'SHA-256' }],
  ['http://www.w3.org/2001/04/xmldsig-more#sha384', { hash: 'SHA-384' }],
  ['http://www.w3.org/2001/04/xmlenc#sha384', { hash: 'SHA-384', nonStandard: 'http://www.w3.org/2001/04/xmldsig-more#sha384' }],
  ['http://www.w3.org/2001/04/xmlenc#sha512', { hash: 'SHA-512' }],
]);

export interface SignatureAlgorithm {
  readonly key: 'RSA' | 'EC';
  readonly hash: HashName;
  readonly nonStandard?: string;
}

export const SIGNATURE_ALGORITHMS: ReadonlyMap<string, SignatureAlgorithm> = new Map<string, SignatureAlgorithm>([
  ['http://www.w3.org/2000/09/xmldsig#rsa-sha1', { key: 'RSA', hash: 'SHA-1' }],
  ['http://www.w3.org/2001/04/xmldsig-more#rsa-sha1', { key: 'RSA', hash: 'SHA-1', nonStandard: 'http://www.w3.org/2000/09/xmldsig#rsa-sha1' }],
  ['http://www.w3.org/2001/04/xmldsig-more#rsa-sha256', { key: 'RSA', hash: 'SHA-256' }],
  ['http://www.w3.org/2001/04/xmldsig-more#rsa-sha384', { key: 'RSA', hash: 'SHA-384' }],
  ['http://www.w3.org/2001/04/xmldsig-more#rsa-sha512', { key: 'RSA', hash: 'SHA-512' }],
  ['http://www.w3.org/2001/04/xmldsig-more#ecdsa-sha1', { key: 'EC', hash: 'SHA-1' }],
  ['http://www.w3.org/2001/04/xmldsig-more#ecdsa-sha256', { key: 'EC', hash: 'SHA-256' }],
  ['http://www.w3.org/2001/04/xmldsig-more#ecdsa-sha384', { key: 'EC', hash: 'SHA-384' }],
  ['http://www.w3.org/2001/04/xmldsig-more#ecdsa-sha512', { key: 'EC', hash: 'SHA-512' }],
]);
