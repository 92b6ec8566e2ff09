import { describe, expect, it } from 'vitest';
import { loadCorpus, type Corpus, type CorpusEntry } from '../../testing/corpus.ts';
import { parseCertificate } from '../certificate/parse-certificate.ts';
import { flowFromSamlValue } from '../flow/flow-from-har.ts';
import { readIdpMetadata } from '../metadata/read-idp-metadata.ts';
import { diagnoseFlow } from './diagnose.ts';
import type { DiagnosisContext } from './diagnosis-context.ts';
import { SCENARIO_IDS } from './finding.ts';

/**
 * Every catalogued corpus message goes through the whole pipeline as a lone captured value, with
 * the trust anchor its source project configured playing the AWS-side certificate.
 */
const corpus = loadCorpus();
const messages = corpus?.messages ?? [];

async function contextFor(corpus: Corpus, entry: CorpusEntry): Promise<DiagnosisContext> {
  const now = entry.evaluate_at !== undefined && entry.evaluate_at !== null && /^\d{4}-/.test(entry.evaluate_at) ? entry.evaluate_at : (entry.issue_instant ?? '2020-01-01T00:00:00Z');
  const anchor = entry.trusted_by_source?.cert?.[0];
  const anchorEntry = anchor === undefined ? undefined : corpus.byFile(anchor);
  if (anchor === undefined || anchorEntry === undefined) return { now };
  if (anchorEntry.kind === 'metadata') return { now, metadata: await readIdpMetadata(corpus.read(anchor)) };
  const text = anchorEntry.kind === 'settings' ? (JSON.parse(corpus.read(anchor)) as { idp: { x509cert: string } }).idp.x509cert : corpus.read(anchor); // -- reason: python3-saml settings shape
  const certificate = await parseCertificate(text);
  return certificate.ok ? { now, expectedCertificateFingerprints: [certificate.info.sha256Fingerprint] } : { now };
}

describe.skipIf(corpus === undefined)('diagnoseFlow over the SAML corpus', () => {
  it.each(messages.map((entry) => [entry.file, entry] as const))('gives %s a serialisable verdict from the catalog', async (_file, entry) => {
    if (corpus === undefined) return;
    const context = await contextFor(corpus, entry);
    const diagnosis = await diagnoseFlow(flowFromSamlValue(corpus.value(entry), context.now), context);
    expect(diagnosis.findings[0]).toBe(diagnosis.primary);
    for (const finding of diagnosis.findings) expect(SCENARIO_IDS).toContain(finding.id);
    expect(JSON.parse(JSON.stringify(diagnosis))).toEqual(diagnosis);
    const ids = diagnosis.findings.map((finding) => finding.id);
    if (entry.expected === 'wrong-certificate') expect(ids).toContain('aws-signature-invalid');
    if (entry.expected === 'valid' && entry.trusted_by_source?.cert?.length) expect(ids).not.toContain('aws-signature-invalid');
    if (entry.expected === 'invalid-signature' && entry.trusted_by_source?.cert?.length) expect(ids).not.toContain('sso-healthy');
  });
});
