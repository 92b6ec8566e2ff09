import { errorText } from './bench-result.ts';

export type Optional<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly reason: string };

/**
 * Loads a piece of the product another worker may not have finished: a module that does not
 * exist yet, does not load, or lacks an export becomes a reason instead of a crash.
 */
export async function loadOptional<T>(what: string, load: () => Promise<T>, missing: (value: T) => string | undefined = () => undefined): Promise<Optional<T>> {
  try {
    const value = await load();
    const gap = missing(value);
    return gap === undefined ? { ok: true, value } : { ok: false, reason: `${what}: ${gap}` };
  } catch (error) {
    return { ok: false, reason: `${what} does not load (${errorText(error)})` };
  }
}

/** `undefined` when every named export is a function, else which are not. */
export function missingFunctions(module: object, names: readonly string[]): string | undefined {
  const absent = names.filter((name) => typeof (module as Record<string, unknown>)[name] !== 'function'); // -- reason: probing exports by name
  return absent.length === 0 ? undefined : `no ${absent.join(', ')} export yet`;
}
