const ENCODER = new TextEncoder();

/** Buffers returned by earlier callers, ready to be lent again. */
const FREE: Uint8Array<ArrayBuffer>[] = [];
const KEEP_BUFFERS = 4;
const KEEP_BYTES = 256 * 1024;

export interface LentBytes {
  /** The UTF-8 bytes of the text; valid until `release()`. */
  readonly bytes: Uint8Array<ArrayBuffer>;
  /** Gives the buffer back; the bytes must not be used afterwards. */
  release(): void;
}

/**
 * The UTF-8 bytes of `text` (canonical XML about to be hashed or verified), in a buffer lent from
 * a small pool instead of a fresh one: Chromium zero-fills every new ArrayBuffer, and
 * `TextEncoder.encode` of an 8 KB canonical form took 15 µs there against 3 µs for `encodeInto` a
 * buffer already made. WebCrypto copies its input when it is called (WebCrypto §14.3), so a
 * buffer can be released as soon as the calls that read it have been made.
 */
export function lendEncodedText(text: string): LentBytes {
  const needed = text.length * 3; // the most UTF-8 bytes one UTF-16 code unit can need
  let buffer = FREE.pop();
  if (buffer === undefined || buffer.length < needed) buffer = new Uint8Array(Math.max(needed, 16 * 1024));
  const { written } = ENCODER.encodeInto(text, buffer);
  const lent = buffer;
  let released = false;
  return {
    bytes: lent.subarray(0, written),
    release: () => {
      if (released) return;
      released = true;
      // Kept only while small and few: a 4 MB message's buffer is left to the garbage collector.
      if (FREE.length < KEEP_BUFFERS && lent.length <= KEEP_BYTES) FREE.push(lent);
    },
  };
}
