/** What we report about an X.509 certificate (the IdP signing certificate, usually self-signed). */
export interface CertificateInfo {
  readonly subject: string;
  readonly issuer: string;
  readonly serialNumber: string;
  /** ISO-8601. */
  readonly notBefore: string;
  readonly notAfter: string;
  readonly keyAlgorithm: 'RSA' | 'EC' | 'other';
  /** RSA modulus bits, or EC curve size. */
  readonly keyBits: number | undefined;
  readonly curve?: string;
  readonly signatureAlgorithm: string;
  /** Upper-case hex with colons, as openssl and the AWS/Salesforce consoles print them. */
  readonly sha1Fingerprint: string;
  readonly sha256Fingerprint: string;
  readonly selfSigned: boolean;
  /**
   * Whether the certificate's signature verifies with its own key (checked only when issuer equals
   * subject and the algorithm is one WebCrypto knows; absent otherwise).
   */
  readonly selfSignatureVerified?: boolean;
  /** Extension OIDs that occur more than once (IAM refuses such certificates in metadata). */
  readonly repeatedExtensions: readonly string[];
  /** The DER bytes, base64 (standard alphabet, no line breaks). Dropped by redaction. */
  readonly derBase64: string;
}
