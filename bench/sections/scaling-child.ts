/**
 * Child process of the scaling section: diagnoses one fixture (one size) so that its peak memory
 * is its own. Prints one JSON line (`ScalingChildReport`) on stdout.
 *
 *   node --import tsx bench/sections/scaling-child.ts <fixture.json> <runs> <budgetMs> [profile]
 */
import { Buffer } from 'node:buffer';
import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { DOMParser } from '@xmldom/xmldom';
import { diagnoseFlow } from '../../src/core/diagnosis/diagnose.ts';
import { readIdpMetadata } from '../../src/core/metadata/read-idp-metadata.ts';
import { flowWithSamlPost, testContext } from '../../src/testing/saml-builder.ts';
import { consume } from '../measure-interleaved.ts';
import { describeProfile, profileOperation } from '../profile-operation.ts';

export interface ScalingFixture {
  readonly xml: string;
  readonly metadataXml: string;
}

export interface ScalingChildReport {
  /** Median ms per diagnosis and per floor (base64 decode + xmldom parse). */
  readonly diagnosisMs: readonly number[];
  readonly floorMs: readonly number[];
  readonly primaryId: string;
  readonly signatureOutcomes: readonly string[];
  readonly baselineRssBytes: number;
  readonly maxRssBytes: number;
  readonly heapUsedAfterBytes: number;
  /** Where the time goes at this size, when asked for. */
  readonly profile?: string;
}

async function main(): Promise<void> {
  const [path = '', runsText = '5', budgetText = '8000', profileFlag] = process.argv.slice(2);
  const fixture = JSON.parse(readFileSync(path, 'utf8')) as ScalingFixture; // -- reason: written by scaling.ts just before
  const flow = flowWithSamlPost(fixture.xml);
  const value = flow.hops.find((hop) => hop.saml?.SAMLResponse !== undefined)?.saml?.SAMLResponse ?? '';
  const context = { ...testContext(), metadata: await readIdpMetadata(fixture.metadataXml) };
  const floor = (): void => {
    consume(new DOMParser().parseFromString(Buffer.from(value, 'base64').toString('utf8'), 'text/xml'));
  };
  const baselineRssBytes = process.memoryUsage().rss;

  // Warm-up: at least two diagnoses and a fifth of the budget, so the JIT has settled. A small
  // message needs thousands of diagnoses for V8's optimising tiers to take over; stopping at a few
  // hundred timed the smallest size half-baked and inflated its time per KB.
  const warmupUntil = performance.now() + Number(budgetText) / 5;
  let diagnosis = await diagnoseFlow(flow, context);
  let estimate = Number.POSITIVE_INFINITY;
  for (let warmups = 1; warmups < 2 || (performance.now() < warmupUntil && warmups < 5000); warmups++) {
    const started = performance.now();
    diagnosis = await diagnoseFlow(flow, context);
    estimate = Math.min(estimate, performance.now() - started);
    floor();
  }
  const runs = Math.max(3, Math.min(Number(runsText), Math.floor(Number(budgetText) / Math.max(estimate, 1))));
  const repeat = Math.max(1, Math.ceil(50 / Math.max(estimate, 0.01)));
  const diagnosisMs: number[] = [];
  const floorMs: number[] = [];
  for (let run = 0; run < runs; run++) {
    let started = performance.now();
    for (let index = 0; index < repeat; index++) consume(await diagnoseFlow(flow, context));
    diagnosisMs.push((performance.now() - started) / repeat);
    started = performance.now();
    for (let index = 0; index < repeat; index++) floor();
    floorMs.push((performance.now() - started) / repeat);
  }
  const maxRssBytes = process.resourceUsage().maxRSS * 1024;
  const heapUsedAfterBytes = process.memoryUsage().heapUsed;
  const profile =
    profileFlag === 'profile' ? describeProfile(`diagnoseFlow on the ${(fixture.xml.length / 1024 / 1024).toFixed(1)} MB response`, await profileOperation(() => diagnoseFlow(flow, context), Math.max(3 * estimate, 2000))) : undefined;
  const report: ScalingChildReport = {
    diagnosisMs,
    floorMs,
    primaryId: diagnosis.primary.id,
    signatureOutcomes: diagnosis.message?.signatures.map((signature) => signature.outcome) ?? [],
    baselineRssBytes,
    maxRssBytes,
    heapUsedAfterBytes,
    ...(profile === undefined ? {} : { profile }),
  };
  process.stdout.write(`${JSON.stringify(report)}\n`);
}

await main();
