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
  /** `iam-json` when the input was `aws iam get-saml-provider` output, `xml` for a metadata file. */
  readonly source?: 'xml' | 'iam-json';
  /** entityIDs of the other EntityDescriptors when the input was an EntitiesDescriptor (the first IdP is read). */
  readonly otherEntityIds?: readonly string[];
  /** Certificates of KeyDescriptors with use="encryption" (not used to verify signatures). */
  readonly encryptionCertificates?: readonly CertificateInfo[];
  /** NameIDFormat values the IdP declares. */
  readonly nameIdFormats?: readonly string[];
  /** True when the EntityDescriptor (or the EntitiesDescriptor around it) carries a ds:Signature. */
  readonly signed?: boolean;
}
