import { Buffer } from 'node:buffer';
import { DOMParser, type Element } from '@xmldom/xmldom';
import { formatMs, formatRatio, type BenchRow, type SectionResult, skippedSection } from '../bench-result.ts';
import type { BenchSettings } from '../bench-settings.ts';
import { buildBenchResponse } from '../build-bench-response.ts';
import { loadOptional, missingFunctions } from '../load-optional.ts';
import { measureInterleaved, ratioStats, timeStats } from '../measure-interleaved.ts';
import { describeSpread } from '../summarize-samples.ts';

const TITLE = 'Signature verification vs peers';
const XMLDSIG_NS = 'http://www.w3.org/2000/09/xmldsig#';
const CONCURRENCY_LEVELS = [1, 8] as const;
const METHOD =
  'The same base64 SAMLResponse (about 8 KB, Response and Assertion signed) goes through three verifiers that each check both signatures against the trusted IdP certificate: ' +
  'ours = `decodeSamlValue` + `parseXml` + `verifyXmlSignatures` (WebCrypto, async); `xml-crypto` = base64 decode + one `SignedXml.checkSignature` per ds:Signature (Node crypto, sync; it parses the document itself); ' +
  '`@node-saml/node-saml` = `validatePostResponseAsync` (wantAuthnResponseSigned + wantAssertionsSigned, audience and clock checks off). ' +
  `Throughput is measured with the same number of operations in flight for all three (${CONCURRENCY_LEVELS.join(' and ')}); a sync verifier gains nothing from concurrency.`;

/** Section 2: our verifier against the two libraries most Node SAML stacks use. */
export async function benchSignatureVsPeers(settings: BenchSettings): Promise<SectionResult> {
  const loaded = await loadOptional(
    'verifier and peers',
    async () => ({
      verify: await import('../../src/core/signature/verify-xml-signatures.ts'),
      decode: await import('../../src/core/binding/decode-saml-value.ts'),
      parse: await import('../../src/core/xml/parse-xml.ts'),
      builder: await import('../../src/testing/saml-builder.ts'),
      xmlCrypto: await import('xml-crypto'),
      nodeSaml: await import('@node-saml/node-saml'),
    }),
    (m) => missingFunctions(m.verify, ['verifyXmlSignatures']) ?? missingFunctions(m.builder, ['createTestIdp', 'encodePost']),
  );
  if (!loaded.ok) return skippedSection('signature', TITLE, METHOD, `not available yet: ${loaded.reason}`);
  const { verify, decode, parse, builder, xmlCrypto, nodeSaml } = loaded.value;

  const idp = await builder.createTestIdp();
  const xml = buildBenchResponse(idp);
  const value = builder.encodePost(xml);
  const trustedCertificates = [idp.certificateDer];

  const ours = async (): Promise<boolean> => {
    const decoded = decode.decodeSamlValue(value);
    if (!decoded.ok) return false;
    const parsed = parse.parseXml(decoded.xml);
    if (!parsed.ok) return false;
    const report = await verify.verifyXmlSignatures(parsed.document, { trustedCertificates });
    return report.signatures.length === 2 && report.signatures.every((check) => check.outcome === 'valid');
  };
  const xmlCryptoVerify = (): boolean => {
    const text = Buffer.from(value, 'base64').toString('utf8');
    const document = new DOMParser().parseFromString(text, 'text/xml');
    const signatures = Array.from<Element>(document.getElementsByTagNameNS(XMLDSIG_NS, 'Signature'));
    return (
      signatures.length === 2 &&
      signatures.every((signature) => {
        const signed = new xmlCrypto.SignedXml({ publicCert: idp.certificatePem, getCertFromKeyInfo: () => null });
        signed.loadSignature(signature as unknown as Node); // -- reason: xml-crypto types its DOM as the global DOM; at run time it is xmldom's, like ours
        return signed.checkSignature(text);
      })
    );
  };
  const saml = new nodeSaml.SAML({
    idpCert: idp.certificateBase64,
    issuer: 'urn:amazon:webservices',
    callbackUrl: builder.TEST_DEFAULTS.samlEndpoint,
    audience: false,
    wantAuthnResponseSigned: true,
    wantAssertionsSigned: true,
    acceptedClockSkewMs: -1,
    validateInResponseTo: nodeSaml.ValidateInResponseTo.never,
  });
  const nodeSamlVerify = async (): Promise<boolean> => {
    const result = await saml.validatePostResponseAsync({ SAMLResponse: value });
    return result.profile !== null;
  };

  // Every verifier must accept the document, or we would time an early rejection.
  const accepted: Record<string, string> = {};
  for (const [name, run] of [['ours', ours], ['xml-crypto', xmlCryptoVerify], ['node-saml', nodeSamlVerify]] as const) {
    try {
      accepted[name] = (await run()) ? 'yes' : 'no';
    } catch (error) {
      accepted[name] = `threw: ${error instanceof Error ? error.message : String(error)}`;
    }
  }
  const notes: string[] = [];
  const refused = Object.entries(accepted).filter(([, verdict]) => verdict !== 'yes');
  if (refused.length > 0) notes.push(`Sanity check failed: ${refused.map(([name, verdict]) => `${name} accepted: ${verdict}`).join('; ')}.`);

  const rows: BenchRow[] = [];
  for (const concurrency of CONCURRENCY_LEVELS) {
    const measurement = await measureInterleaved(
      [
        { name: 'ours', run: ours },
        { name: 'xml-crypto', run: xmlCryptoVerify },
        { name: 'node-saml', run: nodeSamlVerify },
      ],
      { ...settings, concurrency },
    );
    const throughput = (name: string): string => `${(1000 / timeStats(measurement, name).median).toFixed(0)}/s`;
    for (const peer of ['xml-crypto', 'node-saml'] as const) {
      const ratio = ratioStats(measurement, 'ours', peer);
      rows.push({
        label: `ours / ${peer} (time per document, ${String(concurrency)} in flight)`,
        value: formatRatio(ratio.median),
        measured: ratio.median,
        target: { max: 1, strict: true, text: '< 1.0× (faster)' },
        spread: describeSpread(ratio, formatRatio),
        detail:
          `ours ${formatMs(timeStats(measurement, 'ours').median)} (${throughput('ours')}) vs ${peer} ${formatMs(timeStats(measurement, peer).median)} (${throughput(peer)}); ` +
          `CPU-time ratio ${formatRatio(ratioStats(measurement, 'ours', peer, 'cpu').median)}`,
      });
    }
  }
  return { id: 'signature', title: TITLE, status: 'done', method: METHOD, rows, notes };
}
