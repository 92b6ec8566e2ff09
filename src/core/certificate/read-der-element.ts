/** One DER tag-length-value element located inside a byte array. */
export interface DerElement {
  readonly tag: number;
  /** Offset of the tag byte. */
  readonly start: number;
  /** Offset of the first content byte. */
  readonly contentStart: number;
  /** Offset just past the content. */
  readonly end: number;
}

/**
 * Reads the DER element starting at `offset` (single-byte tags, definite lengths up to 2^32).
 * Returns undefined when the bytes are not a well-formed DER header or run past the end. Used to
 * slice the exact bytes a signature covers (TBSCertificate) and the SubjectPublicKeyInfo, which a
 * re-encoding by an ASN.1 library is not guaranteed to reproduce.
 */
export function readDerElement(bytes: Uint8Array, offset: number): DerElement | undefined {
  const tag = bytes[offset];
  const first = bytes[offset + 1];
  if (tag === undefined || first === undefined || (tag & 0x1f) === 0x1f) return undefined;
  let length = first;
  let contentStart = offset + 2;
  if (first & 0x80) {
    const count = first & 0x7f;
    // 0x80 is BER's indefinite length, which DER forbids.
    if (count === 0 || count > 4) return undefined;
    length = 0;
    for (let i = 0; i < count; i++) {
      const b = bytes[offset + 2 + i];
      if (b === undefined) return undefined;
      length = length * 256 + b;
    }
    contentStart += count;
  }
  const end = contentStart + length;
  if (end > bytes.length) return undefined;
  return { tag, start: offset, contentStart, end };
}

/** The direct children of a constructed DER element. */
export function readDerChildren(bytes: Uint8Array, parent: DerElement, limit = 64): DerElement[] | undefined {
  const children: DerElement[] = [];
  let offset = parent.contentStart;
  while (offset < parent.end) {
    if (children.length >= limit) return undefined;
    const child = readDerElement(bytes, offset);
    if (!child || child.end > parent.end) return undefined;
    children.push(child);
    offset = child.end;
  }
  return children;
}
