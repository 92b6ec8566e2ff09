import * as x509 from '@peculiar/x509';

/** A key pair and its self-signed certificate, in the forms node:https and xml-crypto take. */
export interface LabCertificate {
  readonly privateKeyPem: string;
  readonly certificatePem: string;
  /** Base64 DER, as it appears in `<ds:X509Certificate>` and in metadata. */
  readonly certificateBase64: string;
  readonly subject: string;
  readonly notBefore: Date;
  readonly notAfter: Date;
}

/**
 * The Salesforce IdP certificates the lab can sign with: the one AWS's metadata holds
 * (`current`), a newer one Salesforce switched to without AWS being told (`rotated`), and one
 * whose validity ended a month ago (`expired`).
 */
export type IdpCertificateName = 'current' | 'rotated' | 'expired';

export interface LabKeys {
  readonly tls: LabCertificate;
  readonly idp: Readonly<Record<IdpCertificateName, LabCertificate>>;
}

const RSA_SHA256: RsaHashedKeyGenParams = {
  name: 'RSASSA-PKCS1-v1_5',
  hash: 'SHA-256',
  publicExponent: new Uint8Array([1, 0, 1]),
  modulusLength: 2048,
};

const DAY_MS = 24 * 60 * 60 * 1000;

x509.cryptoProvider.set(globalThis.crypto);

function pem(label: string, der: ArrayBuffer): string {
  const base64 = Buffer.from(der).toString('base64');
  const lines = base64.match(/.{1,64}/g) ?? [];
  return `-----BEGIN ${label}-----\n${lines.join('\n')}\n-----END ${label}-----\n`;
}

async function selfSigned(
  subject: string,
  notBefore: Date,
  notAfter: Date,
  extensions: x509.Extension[],
): Promise<LabCertificate> {
  const keys = await crypto.subtle.generateKey(RSA_SHA256, true, ['sign', 'verify']);
  const serial = Buffer.from(crypto.getRandomValues(new Uint8Array(8))).toString('hex');
  const certificate = await x509.X509CertificateGenerator.createSelfSigned({
    // A positive serial: the top bit of the first byte must be clear.
    serialNumber: `01${serial}`,
    name: subject,
    notBefore,
    notAfter,
    keys,
    signingAlgorithm: RSA_SHA256,
    extensions,
  });
  const pkcs8 = await crypto.subtle.exportKey('pkcs8', keys.privateKey);
  return {
    privateKeyPem: pem('PRIVATE KEY', pkcs8),
    certificatePem: certificate.toString('pem'),
    certificateBase64: certificate.toString('base64'),
    subject,
    notBefore,
    notAfter,
  };
}

function salesforceSubject(label: string, orgId15: string): string {
  // The shape of a certificate made in Setup → Certificate and Key Management.
  return `CN=${label}, OU=${orgId15}, O=Salesforce.com, L=San Francisco, ST=CA, C=US`;
}

/**
 * Generates every key the lab needs (RSA 2048, SHA-256), fresh at each start: nothing secret is
 * stored in the repository.
 */
export async function createLabKeys(tlsHostNames: readonly string[], orgId15: string, now: Date): Promise<LabKeys> {
  const t = now.getTime();
  const [tls, current, rotated, expired] = await Promise.all([
    selfSigned('CN=sso-doctor federation lab', new Date(t - DAY_MS), new Date(t + 30 * DAY_MS), [
      new x509.SubjectAlternativeNameExtension(tlsHostNames.map((value) => ({ type: 'dns' as const, value }))),
      new x509.ExtendedKeyUsageExtension([x509.ExtendedKeyUsage.serverAuth]),
    ]),
    selfSigned(salesforceSubject('SelfSignedCert_AcmeVoice_2025', orgId15), new Date(t - 200 * DAY_MS), new Date(t + 530 * DAY_MS), []),
    selfSigned(salesforceSubject('SelfSignedCert_AcmeVoice_2026', orgId15), new Date(t - 2 * DAY_MS), new Date(t + 728 * DAY_MS), []),
    selfSigned(salesforceSubject('SelfSignedCert_AcmeVoice_2023', orgId15), new Date(t - 760 * DAY_MS), new Date(t - 30 * DAY_MS), []),
  ]);
  return { tls, idp: { current, rotated, expired } };
}
