/** The SAML binding parameters (SAML bindings 2.0 §3.4.4 and §3.5.4). */
export interface SamlParameters {
  readonly SAMLRequest?: string;
  readonly SAMLResponse?: string;
  readonly RelayState?: string;
  readonly SigAlg?: string;
  readonly Signature?: string;
  /** The parameters exactly as sent (still URL-encoded), needed to verify a redirect-binding signature. */
  readonly rawQuery?: string;
  /**
   * Set when a captured value was too large to keep (it was dropped, not stored): which parameter
   * and how many characters it had. STS accepts at most 100,000; storage.session holds 10 MB.
   */
  readonly oversized?: { readonly parameter: 'SAMLResponse' | 'SAMLRequest'; readonly length: number };
}

const NAMES = ['SAMLRequest', 'SAMLResponse', 'RelayState', 'SigAlg', 'Signature'] as const;
type SamlParameterName = (typeof NAMES)[number];

/**
 * Picks the SAML parameters out of a URL query, an `application/x-www-form-urlencoded` body, or an
 * already-parsed field list (webRequest `formData`, HAR `postData.params`). Values come back
 * decoded once (form decoding: '+' is a space); a value that is not valid percent-encoding is kept
 * as is so the binding decoder can report on it.
 */
export function findSamlParameters(
  source: string | Readonly<Record<string, readonly string[] | string | undefined>> | readonly { name: string; value?: string }[],
): SamlParameters {
  const found: Partial<Record<SamlParameterName, string>> & { rawQuery?: string } = {};
  if (typeof source === 'string') {
    const query = source.includes('?') && /^[a-z]+:\/\//i.test(source) ? source.slice(source.indexOf('?') + 1).split('#')[0] ?? '' : source;
    found.rawQuery = query;
    for (const pair of query.split('&')) {
      const eq = pair.indexOf('=');
      if (eq < 0) continue;
      const name = formDecode(pair.slice(0, eq));
      if (isSamlParameterName(name) && found[name] === undefined) found[name] = formDecode(pair.slice(eq + 1));
    }
  } else if (Array.isArray(source)) {
    for (const field of source as readonly { name: string; value?: string }[]) {
      const name = field.name;
      if (isSamlParameterName(name) && found[name] === undefined && field.value !== undefined) found[name] = field.value;
    }
  } else {
    const record = source as Readonly<Record<string, readonly string[] | string | undefined>>;
    for (const name of NAMES) {
      const value = record[name];
      const first = typeof value === 'string' ? value : value?.[0];
      if (first !== undefined) found[name] = first;
    }
  }
  return found;
}

function isSamlParameterName(name: string): name is SamlParameterName {
  return (NAMES as readonly string[]).includes(name);
}

function formDecode(text: string): string {
  const spaced = text.replace(/\+/g, ' ');
  try {
    return decodeURIComponent(spaced);
  } catch {
    return spaced;
  }
}
