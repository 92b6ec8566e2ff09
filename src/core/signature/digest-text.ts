import { lendEncodedText } from './lend-encoded-text.ts';

/** SHA digest of the UTF-8 bytes of `text` (canonical XML), encoded into a lent buffer. */
export async function digestText(hash: string, text: string): Promise<ArrayBuffer> {
  const lent = lendEncodedText(text);
  try {
    return await crypto.subtle.digest(hash, lent.bytes);
  } finally {
    lent.release();
  }
}
