const ENCODER = new TextEncoder();

/** Scratch buffers for encoding canonical XML before it is hashed; returned after each digest. */
const FREE: Uint8Array<ArrayBuffer>[] = [];
const KEEP_BUFFERS = 4;
const KEEP_BYTES = 256 * 1024;

/**
 * SHA digest of the UTF-8 bytes of `text` (canonical XML). WebCrypto copies its input when
 * `digest` is called (WebCrypto §14.3.5 step 2), so the bytes are encoded into a reused buffer
 * rather than a fresh one: Chromium zero-fills every new ArrayBuffer, and `TextEncoder.encode` of
 * an 8 KB canonical form took 15 µs there against 3 µs for `encodeInto` a buffer already made.
 * A buffer is lent to one digest at a time and taken back when it settles.
 */
export async function digestText(hash: string, text: string): Promise<ArrayBuffer> {
  const needed = text.length * 3; // the most UTF-8 bytes one UTF-16 code unit can need
  let buffer = FREE.pop();
  if (buffer === undefined || buffer.length < needed) buffer = new Uint8Array(Math.max(needed, 16 * 1024));
  try {
    const { written } = ENCODER.encodeInto(text, buffer);
    return await crypto.subtle.digest(hash, buffer.subarray(0, written));
  } finally {
    // Kept only while small and few: a 4 MB message's buffer is left to the garbage collector.
    if (FREE.length < KEEP_BUFFERS && buffer.length <= KEEP_BYTES) FREE.push(buffer);
  }
}
