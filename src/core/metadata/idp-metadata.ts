import type { Problem } from '../problem.ts';
import type { CertificateInfo } from '../certificate/certificate-info.ts';

/**
 * IdP metadata as IAM stores it (`aws iam get-saml-provider` → SAMLMetadataDocument) or as
 * Salesforce's Identity Provider page downloads it.
 */
export interface IdpMetadata {
  readonly entityId: string | undefined;
  readonly signingCertificates: readonly CertificateInfo[];
  readonly singleSignOnServices: readonly { readonly binding: string; readonly location: string }[];
  readonly validUntil: string | undefined;
  /** Problems IAM would refuse the upload for (BOM, malformed XML, key < 1024 bits, repeated extensions) and others. */
  readonly problems: readonly Problem[];
}
