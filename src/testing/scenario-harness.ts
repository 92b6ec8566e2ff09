/**
 * Runs scenarios the way `diagnose` does, for tests: analyse the flow (real decoding and signature
 * checks), then call `detect`. Also builds the AWS-side metadata context from a test IdP.
 */
import { analyzeFlow } from '../core/diagnosis/analyze-flow.ts';
import type { DiagnosisContext } from '../core/diagnosis/diagnosis-context.ts';
import type { Finding } from '../core/diagnosis/finding.ts';
import type { Scenario } from '../core/diagnosis/scenario.ts';
import type { Flow } from '../core/flow/flow.ts';
import type { IdpMetadata } from '../core/metadata/idp-metadata.ts';
import { readIdpMetadata } from '../core/metadata/read-idp-metadata.ts';
import { buildIdpMetadataXml, testContext, type TestIdp } from './saml-builder.ts';

export async function runScenario(scenario: Scenario, flow: Flow, context: DiagnosisContext = testContext()): Promise<readonly Finding[]> {
  return scenario.detect(await analyzeFlow(flow, context), context);
}

/** The IdP metadata IAM would hold for this test IdP (parsed by the real metadata reader). */
export async function metadataFor(idp: TestIdp, options: { readonly entityId?: string; readonly extraCertificates?: readonly TestIdp[] } = {}): Promise<IdpMetadata> {
  return readIdpMetadata(buildIdpMetadataXml(idp, options));
}
