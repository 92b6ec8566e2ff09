import type { ConnectUser, DiagnosisContext } from '../core/diagnosis/diagnosis-context.ts';
import { readIdpMetadata } from '../core/metadata/read-idp-metadata.ts';
import type { Settings } from '../core/settings/settings.ts';

export interface ContextExtras {
  /** Metadata pasted on the report page for one re-diagnosis; wins over the setting. */
  readonly metadataXml?: string | undefined;
  readonly connectUsers?: readonly ConnectUser[] | undefined;
}

/** What the diagnosis may expect, from the effective settings (and report-page extras). */
export async function buildDiagnosisContext(settings: Settings, now: string, extras: ContextExtras = {}): Promise<DiagnosisContext> {
  const context: { -readonly [K in keyof DiagnosisContext]: DiagnosisContext[K] } = { now };
  const metadataXml = extras.metadataXml ?? settings.awsMetadataXml;
  if (metadataXml !== undefined) context.metadata = await readIdpMetadata(metadataXml);
  if (settings.expectedIssuer !== undefined) context.expectedIssuer = settings.expectedIssuer;
  if (settings.expectedCertificateFingerprints !== undefined) context.expectedCertificateFingerprints = settings.expectedCertificateFingerprints;
  if (settings.region !== undefined) context.region = settings.region;
  if (settings.connectInstanceId !== undefined) context.instanceId = settings.connectInstanceId;
  if (settings.connectUsernameFormat !== undefined) context.connectUsernameFormat = settings.connectUsernameFormat;
  if (extras.connectUsers !== undefined) context.connectUsers = extras.connectUsers;
  return context;
}
