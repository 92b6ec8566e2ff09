/** One `crypto.subtle` call as a diagnosis made it: enough to make the same call again. */
export interface RecordedCryptoCall {
  readonly method: ObservedMethod;
  readonly args: readonly unknown[];
}

type ObservedMethod = 'digest' | 'verify';
type SubtleMethod = (this: SubtleCrypto, ...args: unknown[]) => Promise<unknown>;

function methodOf(subtle: SubtleCrypto, name: ObservedMethod): SubtleMethod {
  return Reflect.get(subtle, name) as SubtleMethod; // -- reason: a SubtleCrypto method, called with subtle as `this`
}

/**
 * Runs `operation` once with `crypto.subtle.digest` and `crypto.subtle.verify` observed, and
 * returns the calls it made with their exact arguments (keys, canonical bytes, signatures), so a
 * benchmark can replay just the WebCrypto part of a diagnosis on the same data. The original
 * methods are restored before this returns, also when the operation throws.
 */
export async function recordWebCryptoCalls(operation: () => Promise<unknown>): Promise<readonly RecordedCryptoCall[]> {
  const subtle = globalThis.crypto.subtle;
  const calls: RecordedCryptoCall[] = [];
  const originals = { digest: methodOf(subtle, 'digest'), verify: methodOf(subtle, 'verify') };
  for (const name of ['digest', 'verify'] as const) {
    const observed: SubtleMethod = function (this: SubtleCrypto, ...args: unknown[]) {
      calls.push({ method: name, args });
      return originals[name].apply(subtle, args);
    };
    Reflect.set(subtle, name, observed);
  }
  try {
    await operation();
  } finally {
    Reflect.set(subtle, 'digest', originals.digest);
    Reflect.set(subtle, 'verify', originals.verify);
  }
  return calls;
}

/** Makes the recorded calls again, all at once, as the verifier issues them. */
export function replayWebCryptoCalls(calls: readonly RecordedCryptoCall[]): Promise<unknown[]> {
  const subtle = globalThis.crypto.subtle;
  return Promise.all(calls.map((call) => methodOf(subtle, call.method).apply(subtle, [...call.args])));
}
