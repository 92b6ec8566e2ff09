import type { CertificateInfo } from '../certificate/certificate-info.ts';

/** One line for evidence: fingerprint first (what consoles show), then subject and end date. */
export function describeCertificate(certificate: CertificateInfo): string {
  return `SHA-256 ${certificate.sha256Fingerprint} (${certificate.subject}, valid until ${certificate.notAfter})`;
}
