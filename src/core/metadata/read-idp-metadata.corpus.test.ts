 
import { existsSync, readFileSync } from 'node:fs';
 
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { readIdpMetadata } from './read-idp-metadata.ts';

/** The third-party corpus (see its README): SSO_DOCTOR_CORPUS, ./corpus or ../shared/corpus. */
const repoRoot = fileURLToPath(new URL('../../../', import.meta.url));
const corpusDir = [process.env['SSO_DOCTOR_CORPUS'], `${repoRoot}corpus`, `${repoRoot}../shared/corpus`].find(
  (dir): dir is string => dir !== undefined && existsSync(`${dir}/catalog.json`),
);

interface CatalogCertificate {
  readonly subject: string;
  readonly sha1: string;
  readonly sha256: string;
  readonly key_bits: number;
}
interface CatalogMetadata {
  readonly file: string;
  readonly kind: string;
  readonly entity_id: string | null;
  readonly valid_until: string | null;
  readonly certificates: readonly CatalogCertificate[];
}

const entries: readonly CatalogMetadata[] = corpusDir
  ? (JSON.parse(readFileSync(`${corpusDir}/catalog.json`, 'utf8')) as CatalogMetadata[]).filter((entry) => entry.kind === 'metadata')
  : [];

/**
 * What each corpus file should produce beyond the catalog facts: the problem codes, and how many
 * distinct signing certificates the IDPSSODescriptor holds (the catalog lists every certificate
 * in the file, SP and attribute-authority ones included).
 */
const EXPECTED: Readonly<Record<string, { readonly problems: readonly string[]; readonly signing: number }>> = {
  'xml-crypto/wsfederation_metadata.xml': { problems: ['metadata-bom'], signing: 2 },
  'samlify/misc/idpmeta.xml': { problems: ['metadata-keyinfo-namespace'], signing: 1 },
  'samlify/misc/idpmeta_rollingcert.xml': { problems: ['metadata-keyinfo-namespace'], signing: 2 },
  'samlify/misc/spmeta.xml': { problems: ['metadata-not-in-saml-namespace', 'metadata-no-idp-descriptor'], signing: 0 },
  'python3-saml/metadata/idp_metadata.xml': { problems: [], signing: 1 },
  'python3-saml/metadata/testshib-providers.xml': { problems: ['metadata-multiple-entities'], signing: 1 },
  'crewjam-saml/testdata/TestSPCanHandleOneloginResponse_IDPMetadata': { problems: [], signing: 1 },
  'crewjam-saml/testdata/TestSPCanHandleOktaSignedResponseEncryptedAssertion_IDPMetadata': { problems: [], signing: 1 },
  'crewjam-saml/testdata/TestSPCanHandlePlaintextResponse_IDPMetadata': { problems: [], signing: 1 },
  'crewjam-saml/testdata/TestServiceProviderCanHandleSignedAssertionsResponse_IDPMetadata': { problems: [], signing: 1 },
  'crewjam-saml/testdata/TestSPRealWorldKeyInfoHasRSAPublicKeyNotX509Cert_idp_metadata': { problems: [], signing: 1 },
  'crewjam-saml/testdata/SP_IDPMetadata': { problems: [], signing: 1 },
  'kolide-fleet/server/sso/validate_test.go.testMetadata.salesforce-idp-metadata.xml': { problems: [], signing: 1 },
  'kolide-fleet/server/sso/validate_test.go.testGoogleMetadata.google-idp-metadata.xml': { problems: [], signing: 1 },
};

const read = (file: string) => readIdpMetadata(new Uint8Array(readFileSync(`${corpusDir ?? ''}/${file}`)));

describe.skipIf(corpusDir === undefined)('readIdpMetadata over the corpus', () => {
  it('covers every metadata entry of the catalog', () => {
    expect(entries.map((entry) => entry.file).sort()).toEqual(Object.keys(EXPECTED).sort());
  });

  describe.each(entries.map((entry) => ({ file: entry.file, entry })))('$file', ({ entry }) => {
    it('reads the entityID and validUntil the catalog lists', async () => {
      const metadata = await read(entry.file);
      expect(metadata.entityId).toBe(entry.entity_id);
      expect(metadata.validUntil ?? null).toBe(entry.valid_until);
    });

    it('reads signing certificates whose fingerprints and key sizes the catalog lists', async () => {
      const metadata = await read(entry.file);
      expect(metadata.signingCertificates).toHaveLength(EXPECTED[entry.file]?.signing ?? -1);
      for (const certificate of [...metadata.signingCertificates, ...(metadata.encryptionCertificates ?? [])]) {
        const listed = entry.certificates.find((c) => c.sha1 === certificate.sha1Fingerprint);
        expect(listed, certificate.sha1Fingerprint).toBeDefined();
        expect(certificate.sha256Fingerprint).toBe(listed?.sha256);
        expect(certificate.keyBits).toBe(listed?.key_bits);
      }
    });

    it('reports exactly the expected problems', async () => {
      const metadata = await read(entry.file);
      expect(metadata.problems.map((p) => p.code)).toEqual(EXPECTED[entry.file]?.problems);
    });
  });

  it('reads the Salesforce "Download Metadata" file completely', async () => {
    const metadata = await read('kolide-fleet/server/sso/validate_test.go.testMetadata.salesforce-idp-metadata.xml');
    expect(metadata).toMatchObject({
      entityId: 'https://kolide-dev-ed.my.salesforce.com',
      validUntil: '2027-04-29T19:22:40.750Z',
      source: 'xml',
      nameIdFormats: ['urn:oasis:names:tc:SAML:1.1:nameid-format:unspecified'],
      singleSignOnServices: [
        { binding: 'urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST', location: 'https://kolide-dev-ed.my.salesforce.com/idp/endpoint/HttpPost' },
        { binding: 'urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect', location: 'https://kolide-dev-ed.my.salesforce.com/idp/endpoint/HttpRedirect' },
      ],
    });
    expect(metadata.signingCertificates[0]).toMatchObject({ keyAlgorithm: 'RSA', keyBits: 2048 });
    expect(metadata.signingCertificates[0]?.subject).toMatch(/SelfSignedCert_24Apr2017_180044/);
  });

  it('reads both certificates of the samlify rolling-certificate metadata, old and new', async () => {
    const metadata = await read('samlify/misc/idpmeta_rollingcert.xml');
    expect(metadata.signingCertificates.map((c) => [c.sha1Fingerprint.slice(0, 11), c.keyBits])).toEqual([
      ['77:36:12:0B', 2048],
      ['83:AA:B6:DB', 4096],
    ]);
  });

  it('reads the Entra ID federation metadata despite its BOM and says IAM would refuse it', async () => {
    const metadata = await read('xml-crypto/wsfederation_metadata.xml');
    expect(metadata.entityId).toBe('https://sts.windows.net/8bd6e98d-e212-4022-b13f-a244fab4c253/');
    expect(metadata.signed).toBe(true);
    expect(metadata.problems[0]).toMatchObject({ code: 'metadata-bom', severity: 'error' });
  });

  it('reads the same metadata from aws iam get-saml-provider JSON as from the XML file', async () => {
    const file = 'kolide-fleet/server/sso/validate_test.go.testMetadata.salesforce-idp-metadata.xml';
    const xml = readFileSync(`${corpusDir ?? ''}/${file}`, 'utf8');
    const json = JSON.stringify({ SAMLMetadataDocument: xml, CreateDate: '2024-01-01T00:00:00Z', ValidUntil: '2124-01-01T00:00:00Z', Tags: [] }, null, 4);
    const fromJson = await readIdpMetadata(json);
    const fromXml = await read(file);
    expect({ ...fromJson, source: undefined }).toEqual({ ...fromXml, source: undefined });
    expect(fromJson.source).toBe('iam-json');
  });
});
