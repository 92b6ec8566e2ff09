import { inflateRawSync } from 'node:zlib';

export interface SecretLeak {
  readonly secret: string;
  /** How it was found: raw, url-encoded, base64 (aligned at byte 0/1/2), inside a decoded base64 run … */
  readonly form: string;
}

/** Base64 of `secret` as it appears inside a longer base64 text, for each of the three byte alignments. */
function base64Cores(secret: string): string[] {
  const bytes = Buffer.from(secret, 'utf8');
  const cores: string[] = [];
  for (let offset = 0; offset < 3; offset += 1) {
    const padded = Buffer.concat([Buffer.alloc(offset), bytes]);
    const encoded = padded.toString('base64').replace(/=+$/, '');
    // Drop the characters that mix in the padding bytes before, and the partial group after.
    const start = Math.ceil((offset * 4) / 3);
    const end = Math.floor(((offset + bytes.length) * 4) / 3);
    const core = encoded.slice(start, end);
    if (core.length >= 8) cores.push(core);
  }
  return cores;
}

/** Texts hidden in the content: base64 runs decoded (and raw-inflated, the redirect binding), URL-decoded text. */
function decodedLayers(content: string): string[] {
  const layers: string[] = [];
  const texts = [content];
  try {
    const urlDecoded = decodeURIComponent(content.replaceAll('+', ' '));
    if (urlDecoded !== content) texts.push(urlDecoded);
  } catch {
    // Not URL-encoded as a whole; the raw text is still searched.
  }
  for (const text of texts) {
    const unescaped = text.replace(/\\[nrt]/g, '').replace(/\\\//g, '/');
    for (const run of unescaped.matchAll(/[A-Za-z0-9+/_-]{24,}={0,2}/g)) {
      const decoded = Buffer.from(run[0].replaceAll('-', '+').replaceAll('_', '/'), 'base64');
      layers.push(decoded.toString('utf8'));
      try {
        layers.push(inflateRawSync(decoded).toString('utf8'));
      } catch {
        // Not deflated.
      }
    }
  }
  return layers;
}

/**
 * Every lab secret the content holds in any form a reader could recover: as is (case-insensitive,
 * also with line breaks removed, as a PEM body is wrapped), URL-encoded, base64 or base64url at any
 * alignment inside a longer base64 value, or inside a base64 value (SAMLResponse) once decoded.
 */
export function findSecretLeaks(content: string, secrets: readonly string[]): SecretLeak[] {
  const lower = content.toLowerCase();
  const joined = content.replace(/\\[nrt]|\s+/g, '');
  const layers = decodedLayers(content);
  const leaks: SecretLeak[] = [];
  for (const secret of new Set(secrets.filter((s) => s.trim().length >= 4))) {
    const forms: [string, boolean][] = [
      ['raw', lower.includes(secret.toLowerCase())],
      ['raw without line breaks', secret.length >= 40 && joined.includes(secret.replace(/\s+/g, ''))],
      ['url-encoded', encodeURIComponent(secret) !== secret && content.includes(encodeURIComponent(secret))],
      ['base64', base64Cores(secret).some((core) => joined.includes(core))],
      ['base64url', base64Cores(secret).some((core) => joined.includes(core.replaceAll('+', '-').replaceAll('/', '_')))],
      ['inside decoded base64', layers.some((layer) => layer.includes(secret))],
    ];
    for (const [form, found] of forms) if (found) leaks.push({ secret, form });
  }
  return leaks;
}
