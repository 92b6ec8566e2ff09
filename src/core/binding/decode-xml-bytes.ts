import { problem, type Problem } from '../problem.ts';

export type XmlTextEncoding = 'UTF-8' | 'ISO-8859-1' | 'UTF-16LE' | 'UTF-16BE';

export interface XmlTextDecoding {
  /** Undefined when the bytes cannot be turned into text at all. */
  readonly xml: string | undefined;
  readonly encoding: XmlTextEncoding;
  readonly problems: readonly Problem[];
}

/**
 * Turns XML bytes into text the way an XML processor does (XML 1.0 §4.3.3, Appendix F): a byte
 * order mark wins, then the `encoding` of the XML declaration, else UTF-8. Invalid UTF-8 is
 * reported (AWS rejects it) and decoded with replacement characters so the rest can still be read.
 * A UTF-8 BOM is reported and removed: IAM refuses metadata that carries one.
 */
export function decodeXmlBytes(bytes: Uint8Array): XmlTextDecoding {
  const problems: Problem[] = [];
  if (bytes[0] === 0xff && bytes[1] === 0xfe) {
    problems.push(problem('encoding-utf16', 'warning', 'The XML is UTF-16 (little-endian); SAML messages are normally UTF-8.'));
    return { xml: new TextDecoder('utf-16le').decode(bytes.subarray(2)), encoding: 'UTF-16LE', problems };
  }
  if (bytes[0] === 0xfe && bytes[1] === 0xff) {
    problems.push(problem('encoding-utf16', 'warning', 'The XML is UTF-16 (big-endian); SAML messages are normally UTF-8.'));
    return { xml: new TextDecoder('utf-16be').decode(bytes.subarray(2)), encoding: 'UTF-16BE', problems };
  }
  let body = bytes;
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) {
    problems.push(problem('utf8-bom', 'warning', 'The XML starts with a UTF-8 byte order mark (BOM). AWS IAM refuses metadata files that have one.'));
    body = bytes.subarray(3);
  }
  const declared = declaredEncoding(body);
  if (declared !== undefined && /^(iso-8859-1|latin-?1|l1|iso_8859-1|us-ascii|ascii|windows-1252|cp1252)$/i.test(declared)) {
    // WHATWG maps ISO-8859-1 to windows-1252; both are single-byte and never fail.
    return { xml: new TextDecoder('windows-1252').decode(body), encoding: 'ISO-8859-1', problems };
  }
  if (declared !== undefined && !/^utf-?8$/i.test(declared)) {
    problems.push(
      problem('encoding-unsupported', 'warning', `The XML declares encoding "${declared}", which this tool does not decode; it was read as UTF-8.`),
    );
  }
  try {
    return { xml: new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(body), encoding: 'UTF-8', problems };
  } catch {
    const offset = firstInvalidUtf8Offset(body);
    problems.push(
      problem(
        'encoding-invalid-utf8',
        'error',
        `The XML is not valid UTF-8 (first bad byte 0x${(body[offset] ?? 0).toString(16).padStart(2, '0')} at offset ${String(offset)}), and declares no other encoding.`,
      ),
    );
    return { xml: new TextDecoder('utf-8', { ignoreBOM: true }).decode(body), encoding: 'UTF-8', problems };
  }
}

function declaredEncoding(bytes: Uint8Array): string | undefined {
  // The declaration is ASCII by definition and sits at the very start.
  const head = new TextDecoder('latin1').decode(bytes.subarray(0, 200));
  const match = /^\s*<\?xml\s[^?]*encoding\s*=\s*["']([A-Za-z0-9._-]+)["']/.exec(head);
  return match?.[1];
}

function firstInvalidUtf8Offset(bytes: Uint8Array): number {
  let i = 0;
  while (i < bytes.length) {
    const b = bytes[i] ?? 0;
    const length = b < 0x80 ? 1 : b >= 0xc2 && b < 0xe0 ? 2 : b >= 0xe0 && b < 0xf0 ? 3 : b >= 0xf0 && b < 0xf5 ? 4 : 0;
    if (length === 0) return i;
    for (let k = 1; k < length; k++) {
      if (((bytes[i + k] ?? 0) & 0xc0) !== 0x80) return i;
    }
    i += length;
  }
  return 0;
}
