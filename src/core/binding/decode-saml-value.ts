import { Inflate } from 'pako';
import { problem, type Problem } from '../problem.ts';
import { decodeXmlBytes, type XmlTextEncoding } from './decode-xml-bytes.ts';

/**
 * How the captured value reached us. `post` = HTTP-POST binding (base64 of the XML),
 * `redirect` = HTTP-Redirect binding (raw DEFLATE, then base64; also seen POSTed by some IdPs),
 * `raw-xml` = the XML itself (a file, or a value already decoded by someone).
 */
export type SamlBinding = 'post' | 'redirect' | 'raw-xml';

export interface DecodedSamlValue {
  readonly ok: true;
  readonly binding: SamlBinding;
  /** The exact XML bytes (after base64/inflate, before text decoding), kept for raw views and hashing. */
  readonly bytes: Uint8Array;
  readonly xml: string;
  readonly encoding: XmlTextEncoding;
  /** Tolerated irregularities (URL-encoding, line breaks, URL-safe alphabet, missing padding...). */
  readonly problems: readonly Problem[];
}

export interface UndecodableSamlValue {
  readonly ok: false;
  readonly problems: readonly Problem[];
}

export type SamlValueDecoding = DecodedSamlValue | UndecodableSamlValue;

export interface DecodeLimits {
  /** Largest accepted input, in characters. */
  readonly maxInputChars: number;
  /** Largest inflated output, in bytes: a decompression bomb stops here. */
  readonly maxInflatedBytes: number;
  /** Largest accepted inflate ratio (output/input) once the output is past 1 MB. */
  readonly maxInflateRatio: number;
}

export const DEFAULT_DECODE_LIMITS: DecodeLimits = {
  maxInputChars: 20 * 1024 * 1024,
  maxInflatedBytes: 16 * 1024 * 1024,
  maxInflateRatio: 200,
};

const BASE64_ALPHABET = /^[A-Za-z0-9+/]*={0,2}$/;

/**
 * Decodes one SAML protocol value as captured from a form field, a query parameter, a file or
 * a paste: URL-encoded or not, base64 (standard or URL-safe alphabet, with or without line breaks
 * and padding), raw-DEFLATE compressed or not, or plain XML. Never throws: anything unusable comes
 * back as `{ ok: false, problems }` with the precise reason.
 */
export function decodeSamlValue(
  input: string,
  limits: DecodeLimits = DEFAULT_DECODE_LIMITS,
): SamlValueDecoding {
  const problems: Problem[] = [];
  if (input.length > limits.maxInputChars) {
    return fail(
      problem(
        'input-too-large',
        'error',
        `The value is ${String(input.length)} characters long; the limit is ${String(limits.maxInputChars)}.`,
      ),
    );
  }
  let value = input.trim();
  if (value === '') return fail(problem('empty-input', 'error', 'The value is empty.'));

  if (looksLikeXml(value)) {
    const bytes = new TextEncoder().encode(value);
    return finish('raw-xml', bytes, problems);
  }

  if (value.includes('%') && /%[0-9A-Fa-f]{2}/.test(value)) {
    const decoded = percentDecode(value);
    if (decoded === undefined) {
      return fail(problem('url-encoding-invalid', 'error', 'The value looks URL-encoded but has a malformed %-escape.'));
    }
    problems.push(problem('url-encoded', 'info', 'The value was URL-encoded (as in a form body or a HAR file); it was URL-decoded first.'));
    value = decoded.trim();
    if (looksLikeXml(value)) return finish('raw-xml', new TextEncoder().encode(value), problems);
  }

  const clean = decodeCleanBase64(value);
  if (clean?.sawWhitespace === true) problems.push(problem('base64-whitespace', 'info', 'The base64 text contains line breaks or spaces; they were ignored.'));
  let bytes = clean?.bytes;
  if (bytes === undefined) {
    const base64 = normalizeBase64(value, problems);
    if (base64 === undefined) return fail(...problems);
    bytes = base64ToBytes(base64);
  }

  if (bytesLookLikeXml(bytes)) return finish('post', bytes, problems);

  const inflated = inflateRawCapped(bytes, limits);
  if (inflated.kind === 'bomb') return fail(...problems, inflated.problem);
  if (inflated.kind === 'ok' && bytesLookLikeXml(inflated.bytes)) {
    problems.push(problem('deflated', 'info', 'The value was raw-DEFLATE compressed (HTTP-Redirect encoding); it was inflated.'));
    return finish('redirect', inflated.bytes, problems);
  }
  return fail(
    ...problems,
    problem(
      'not-xml',
      'error',
      `The value is valid base64 but decodes neither to XML nor to DEFLATE-compressed XML (first bytes: ${hexPreview(bytes)}).`,
    ),
  );
}

function finish(binding: SamlBinding, bytes: Uint8Array, problems: Problem[]): SamlValueDecoding {
  const text = decodeXmlBytes(bytes);
  problems.push(...text.problems);
  if (text.xml === undefined) return fail(...problems);
  return { ok: true, binding, bytes, xml: text.xml, encoding: text.encoding, problems };
}

function fail(...problems: Problem[]): UndecodableSamlValue {
  return { ok: false, problems };
}

function looksLikeXml(text: string): boolean {
  return /^\uFEFF?\s*</.test(text);
}

function bytesLookLikeXml(bytes: Uint8Array): boolean {
  let i = 0;
  // UTF-8 BOM
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) i = 3;
  // UTF-16 BOMs: an XML document in UTF-16 is still XML; decodeXmlBytes reports it.
  if ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff)) return true;
  while (i < bytes.length && (bytes[i] === 0x20 || bytes[i] === 0x09 || bytes[i] === 0x0a || bytes[i] === 0x0d)) i++;
  return bytes[i] === 0x3c; // '<'
}

function percentDecode(value: string): string | undefined {
  try {
    // Form bodies encode spaces as '+', but a '+' inside base64 is always sent as %2B, so a bare
    // '+' here is a real base64 '+' only if the value was not form-encoded. Keep it as is: a
    // space would be stripped by the base64 step anyway.
    return decodeURIComponent(value);
  } catch {
    return undefined;
  }
}

/** Sextet per ASCII code: 0–63 for the standard alphabet, WHITESPACE, PAD, or INVALID. */
const WHITESPACE = 64;
const PAD = 65;
const INVALID = 66;
const SEXTETS = (() => {
  const table = new Uint8Array(128).fill(INVALID);
  const chars = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
  for (let i = 0; i < chars.length; i++) table[chars.charCodeAt(i)] = i;
  for (const space of [0x20, 0x09, 0x0a, 0x0d]) table[space] = WHITESPACE;
  table[0x3d] = PAD;
  return table;
})();

/**
 * One pass over the common case: standard-alphabet base64, correctly padded, possibly broken into
 * lines with ASCII whitespace (what browsers, HAR files and most IdPs produce). Returns undefined
 * for anything else (URL-safe alphabet, missing padding, stray characters), which the slower
 * `normalizeBase64` then names precisely. The value arrives on every diagnosis: scanning it with
 * several regular expressions and copying it twice took about 50 µs of an 8 KB one, this 15.
 */
export function decodeCleanBase64(value: string): { readonly bytes: Uint8Array<ArrayBuffer>; readonly sawWhitespace: boolean } | undefined {
  const length = value.length;
  if (length % 4 === 0 && !hasAsciiWhitespace(value)) {
    // Unbroken, padded base64 (what a browser form carries): the native decoder validates and
    // decodes it far faster than a loop over the characters. With no whitespace and a length
    // that is a multiple of 4, atob's forgiving decode accepts exactly the strict alphabet.
    const native = nativeFromBase64();
    if (native !== undefined) {
      try {
        return { bytes: native(value), sawWhitespace: false };
      } catch {
        return undefined;
      }
    }
    let binary: string;
    try {
      binary = atob(value);
    } catch {
      return undefined;
    }
    const bytes = new Uint8Array(binary.length);
    for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
    return { bytes, sawWhitespace: false };
  }
  const out = new Uint8Array(Math.ceil(length / 4) * 3);
  let o = 0;
  let quantum = 0;
  let filled = 0;
  let sawWhitespace = false;
  let padding = 0;
  for (let i = 0; i < length; i++) {
    const code = value.charCodeAt(i);
    const sextet = code < 128 ? (SEXTETS[code] ?? INVALID) : INVALID;
    if (sextet < 64) {
      if (padding > 0) return undefined; // data after '=': let the careful path explain it
      quantum = (quantum << 6) | sextet;
      if (++filled === 4) {
        out[o++] = (quantum >> 16) & 0xff;
        out[o++] = (quantum >> 8) & 0xff;
        out[o++] = quantum & 0xff;
        quantum = 0;
        filled = 0;
      }
    } else if (sextet === WHITESPACE) {
      sawWhitespace = true;
    } else if (sextet === PAD) {
      padding++;
    } else {
      return undefined;
    }
  }
  // Exactly the padding the length needs: "xx==" or "xxx=", nothing when the length is a multiple of 4.
  if (filled === 0 ? padding !== 0 : filled === 1 || padding !== 4 - filled) return undefined;
  if (filled === 2) out[o++] = (quantum >> 4) & 0xff;
  else if (filled === 3) {
    out[o++] = (quantum >> 10) & 0xff;
    out[o++] = (quantum >> 2) & 0xff;
  }
  return { bytes: o === out.length ? out : out.slice(0, o), sawWhitespace };
}

/**
 * `Uint8Array.fromBase64` (Chromium 140, Firefox 133; not in Node 20) decodes straight to bytes,
 * skipping atob's binary string and the copy loop after it: about twice as fast in Chromium.
 */
function nativeFromBase64(): ((value: string) => Uint8Array<ArrayBuffer>) | undefined {
  const candidate: unknown = (Uint8Array as { fromBase64?: unknown }).fromBase64; // -- reason: ES2025 API, absent from our TypeScript lib and from Node 20
  return typeof candidate === 'function' ? (value) => (candidate as (text: string) => Uint8Array<ArrayBuffer>).call(Uint8Array, value) : undefined; // -- reason: typeof checked just before
}

function hasAsciiWhitespace(value: string): boolean {
  return value.includes('\n') || value.includes('\r') || value.includes(' ') || value.includes('\t') || value.includes('\f');
}

function normalizeBase64(value: string, problems: Problem[]): string | undefined {
  let text = value;
  if (/\s/.test(text)) {
    problems.push(problem('base64-whitespace', 'info', 'The base64 text contains line breaks or spaces; they were ignored.'));
    text = text.replace(/\s+/g, '');
  }
  if (/[-_]/.test(text)) {
    if (/[+/]/.test(text)) {
      const at = text.search(/[-_]/);
      problems.push(problem('base64-invalid', 'error', `The value mixes the standard and URL-safe base64 alphabets (character ${String(at + 1)}).`));
    return undefined;
    }
    problems.push(problem('base64-urlsafe', 'warning', 'The value uses the URL-safe base64 alphabet (- and _); AWS expects the standard alphabet.'));
    text = text.replace(/-/g, '+').replace(/_/g, '/');
  }
  const bad = /[^A-Za-z0-9+/=]/.exec(text);
  if (bad) {
    const char = bad[0];
    const code = char.codePointAt(0) ?? 0;
    problems.push(problem(
        'base64-invalid',
        'error',
        `The value is not base64: character ${String(bad.index + 1)} is ${JSON.stringify(char)} (U+${code.toString(16).toUpperCase().padStart(4, '0')}).`,
      ));
    return undefined;
  }
  const unpadded = text.replace(/=+$/, '');
  if (unpadded.includes('=')) {
    problems.push(problem('base64-invalid', 'error', `The value has '=' padding in the middle (character ${String(unpadded.indexOf('=') + 1)}).`));
    return undefined;
  }
  if (unpadded.length % 4 === 1) {
    problems.push(problem('base64-invalid', 'error', 'The base64 text has an impossible length (one character too many or too few): it was truncated.'));
    return undefined;
  }
  const padded = unpadded + '='.repeat((4 - (unpadded.length % 4)) % 4);
  if (padded !== text) {
    problems.push(problem('base64-padding', 'warning', 'The base64 padding (=) is missing or wrong; it was repaired.'));
  }
  if (!BASE64_ALPHABET.test(padded)) {
    problems.push(problem('base64-invalid', 'error', 'The value is not valid base64.'));
    return undefined;
  }
  return padded;
}

const BASE64_INDEX = (() => {
  const table = new Uint8Array(128);
  const chars = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
  for (let i = 0; i < chars.length; i++) table[chars.charCodeAt(i)] = i;
  return table;
})();

/** Decodes validated, padded standard base64. Written out because `atob` builds a binary string first. */
export function base64ToBytes(base64: string): Uint8Array<ArrayBuffer> {
  const padding = base64.endsWith('==') ? 2 : base64.endsWith('=') ? 1 : 0;
  const out = new Uint8Array((base64.length / 4) * 3 - padding);
  let o = 0;
  for (let i = 0; i < base64.length; i += 4) {
    const a = BASE64_INDEX[base64.charCodeAt(i)] ?? 0;
    const b = BASE64_INDEX[base64.charCodeAt(i + 1)] ?? 0;
    const c = BASE64_INDEX[base64.charCodeAt(i + 2)] ?? 0;
    const d = BASE64_INDEX[base64.charCodeAt(i + 3)] ?? 0;
    const n = (a << 18) | (b << 12) | (c << 6) | d;
    if (o < out.length) out[o++] = (n >> 16) & 0xff;
    if (o < out.length) out[o++] = (n >> 8) & 0xff;
    if (o < out.length) out[o++] = n & 0xff;
  }
  return out;
}

type InflateOutcome =
  | { kind: 'ok'; bytes: Uint8Array }
  | { kind: 'not-deflate' }
  | { kind: 'bomb'; problem: Problem };

/**
 * Raw-DEFLATE inflate with the output capped. Input is fed in small slices so one push can
 * produce at most ~1 MB (DEFLATE's ratio tops out near 1032:1): the cap is enforced before a
 * bomb can exhaust memory.
 */
function inflateRawCapped(input: Uint8Array, limits: DecodeLimits): InflateOutcome {
  const inflator = new Inflate({ raw: true, chunkSize: 64 * 1024 });
  const chunks: Uint8Array[] = [];
  let total = 0;
  inflator.onData = (chunk) => {
    total += chunk.length;
    if (total <= limits.maxInflatedBytes) chunks.push(chunk);
  };
  inflator.onEnd = () => undefined;
  const slice = 1024;
  for (let offset = 0; offset < input.length; offset += slice) {
    const last = offset + slice >= input.length;
    inflator.push(input.subarray(offset, offset + slice), last);
    if (inflator.err !== 0) return { kind: 'not-deflate' };
    const ratio = total / Math.max(1, offset + slice);
    if (total > limits.maxInflatedBytes || (total > 1024 * 1024 && ratio > limits.maxInflateRatio)) {
      return {
        kind: 'bomb',
        problem: problem(
          'decompression-bomb',
          'error',
          `Inflating stopped after ${String(total)} bytes from ${String(Math.min(input.length, offset + slice))} compressed bytes (limit ${String(limits.maxInflatedBytes)} bytes, ratio ${String(limits.maxInflateRatio)}:1): a decompression bomb, or a message far larger than any real SAML message.`,
        ),
      };
    }
    if (inflator.ended) break;
  }
  if (!inflator.ended || total === 0) return { kind: 'not-deflate' };
  const out = new Uint8Array(total);
  let o = 0;
  for (const chunk of chunks) {
    out.set(chunk, o);
    o += chunk.length;
  }
  return { kind: 'ok', bytes: out };
}

function hexPreview(bytes: Uint8Array): string {
  return Array.from(bytes.subarray(0, 8), (b) => b.toString(16).padStart(2, '0')).join(' ');
}
