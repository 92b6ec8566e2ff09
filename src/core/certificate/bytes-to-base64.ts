/** Standard-alphabet base64 with padding and no line breaks. */
export function bytesToBase64(bytes: Uint8Array): string {
  const chunks: string[] = [];
  // String.fromCharCode takes arguments: chunk to stay below engine argument limits.
  for (let i = 0; i < bytes.length; i += 0x8000) {
    chunks.push(String.fromCharCode(...bytes.subarray(i, i + 0x8000)));
  }
  return btoa(chunks.join(''));
}
