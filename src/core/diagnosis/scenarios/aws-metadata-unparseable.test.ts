import { describe, expect, it } from 'vitest';
import { readIdpMetadata } from '../../metadata/read-idp-metadata.ts';
import { buildIdpMetadataXml, buildSalesforceResponse, createTestIdp, flowWithSamlPost, sharedTestIdp, testContext } from '../../../testing/saml-builder.ts';
import { metadataFor, runScenario } from '../../../testing/scenario-harness.ts';
import { awsMetadataUnparseable } from './aws-metadata-unparseable.ts';

async function detectWith(metadataText: string) {
  const idp = await sharedTestIdp();
  const context = testContext({ metadata: await readIdpMetadata(metadataText) });
  return runScenario(awsMetadataUnparseable, flowWithSamlPost(buildSalesforceResponse(idp)), context);
}

describe('aws-metadata-unparseable', () => {
  it('flags metadata saved with a byte order mark', async () => {
    const idp = await sharedTestIdp();
    const [finding] = await detectWith(`\uFEFF${buildIdpMetadataXml(idp)}`);
    expect(finding?.id).toBe('aws-metadata-unparseable');
    expect(finding?.severity).toBe('error');
    expect(finding?.title).toContain('Could not parse metadata');
    expect(finding?.evidence[0]?.observed).toMatch(/^metadata-bom: /);
  });

  it('flags truncated metadata with the line and column of the break', async () => {
    const idp = await sharedTestIdp();
    const xml = buildIdpMetadataXml(idp);
    const [finding] = await detectWith(xml.slice(0, xml.length - 40));
    expect(finding?.evidence[0]?.observed).toMatch(/^metadata-malformed: .*\(line \d+, column \d+\)$/);
  });

  it('flags a certificate whose key is under 1024 bits', async () => {
    const small = await createTestIdp({ keyBits: 512 });
    const [finding] = await detectWith(buildIdpMetadataXml(small));
    expect(finding?.evidence[0]?.observed).toMatch(/^metadata-weak-key: .*512-bit/);
    expect(finding?.remediation[0]?.consolePath).toContain('Create Self-Signed Certificate');
  });

  it('stays silent on metadata Salesforce downloads, and without metadata', async () => {
    const idp = await sharedTestIdp();
    const context = testContext({ metadata: await metadataFor(idp) });
    expect(await runScenario(awsMetadataUnparseable, flowWithSamlPost(buildSalesforceResponse(idp)), context)).toEqual([]);
    expect(await runScenario(awsMetadataUnparseable, flowWithSamlPost(buildSalesforceResponse(idp)))).toEqual([]);
  });
});
