// Runs in a Chromium page (bundled by bench/measure-diagnosis-in-chromium.ts): section 1's
// interleaved measurement with the engine, WebCrypto and GC the extension's worker uses.
import { DOMParser } from '@xmldom/xmldom';
import { diagnoseFlow } from '../../src/core/diagnosis/diagnose.ts';
import type { Flow } from '../../src/core/flow/flow.ts';
import { readIdpMetadata } from '../../src/core/metadata/read-idp-metadata.ts';
import { recordWebCryptoCalls, replayWebCryptoCalls } from '../record-web-crypto-calls.ts';

export interface InPageInput {
  readonly flow: Flow;
  readonly value: string;
  readonly metadataXml: string;
  readonly now: string;
  readonly rounds: number;
  readonly warmupRounds: number;
  readonly minBatchMs: number;
}

export interface InPageResult {
  /** Milliseconds per operation, one entry per recorded round. */
  readonly samples: Readonly<Record<string, readonly number[]>>;
  readonly primaryId: string;
  readonly signatureOutcomes: readonly string[];
  readonly cryptoCalls: number;
  readonly userAgent: string;
}

declare global {
  interface Window {
    runDiagnosisBench?: (input: InPageInput) => Promise<InPageResult>;
  }
}

window.runDiagnosisBench = async (input) => {
  const context = { now: input.now, metadata: await readIdpMetadata(input.metadataXml) };
  // The browser has no Buffer: the floor decodes base64 as fast as the platform allows, with
  // Uint8Array.fromBase64 where it exists (Chromium 140+), else atob.
  const fromBase64 = (Uint8Array as { fromBase64?: (text: string) => Uint8Array }).fromBase64; // -- reason: ES2025 API missing from our TypeScript lib
  const decode = (value: string): Uint8Array => {
    if (fromBase64 !== undefined) return fromBase64.call(Uint8Array, value);
    const binary = atob(value);
    const bytes = new Uint8Array(binary.length);
    for (let index = 0; index < binary.length; index++) bytes[index] = binary.charCodeAt(index);
    return bytes;
  };
  const floor = () => new DOMParser().parseFromString(new TextDecoder().decode(decode(input.value)), 'text/xml');
  const check = await diagnoseFlow(input.flow, context);
  const cryptoCalls = await recordWebCryptoCalls(() => diagnoseFlow(input.flow, context));
  const operations: readonly { readonly name: string; readonly run: () => unknown }[] = [
    { name: 'floor', run: floor },
    { name: 'diagnoseFlow', run: () => diagnoseFlow(input.flow, context) },
    { name: 'webcrypto', run: () => replayWebCryptoCalls(cryptoCalls) },
  ];
  const batch = async (run: () => unknown, count: number) => {
    // Promises are awaited (diagnoses are asynchronous); the synchronous floor pays no extra tick.
    for (let index = 0; index < count; index++) {
      const result = run();
      if (result instanceof Promise) await result;
    }
  };
  const iterations = new Map<string, number>();
  for (const operation of operations) {
    await batch(operation.run, 5);
    const started = performance.now();
    await batch(operation.run, 20);
    // Chromium coarsens performance.now() (100 µs without cross-origin isolation): batches of
    // tens of milliseconds keep that below half a percent.
    iterations.set(operation.name, Math.max(1, Math.ceil(input.minBatchMs / Math.max((performance.now() - started) / 20, 0.001))));
  }
  const samples: Record<string, number[]> = Object.fromEntries(operations.map((operation) => [operation.name, []]));
  for (let round = 0; round < input.warmupRounds + input.rounds; round++) {
    for (let k = 0; k < operations.length; k++) {
      const operation = operations[(k + round) % operations.length];
      if (operation === undefined) continue;
      const count = iterations.get(operation.name) ?? 1;
      const started = performance.now();
      await batch(operation.run, count);
      if (round >= input.warmupRounds) samples[operation.name]?.push((performance.now() - started) / count);
    }
  }
  return {
    samples,
    primaryId: check.primary.id,
    signatureOutcomes: check.message?.signatures.map((signature) => signature.outcome) ?? [],
    cryptoCalls: cryptoCalls.length,
    userAgent: navigator.userAgent,
  };
};
