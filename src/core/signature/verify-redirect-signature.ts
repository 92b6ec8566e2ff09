import { base64ToBytes } from '../binding/decode-saml-value.ts';
import { importVerifyKey } from '../certificate/import-verify-key.ts';
import { parseCertificate } from '../certificate/parse-certificate.ts';
import { problem, type Problem } from '../problem.ts';
import { SIGNATURE_ALGORITHMS } from './xmldsig-algorithms.ts';

export interface RedirectSignatureCheck {
  /** `unsigned`: no Signature/SigAlg in the query; `unverifiable`: no certificate to check with. */
  readonly outcome: 'valid' | 'invalid' | 'unsupported' | 'unsigned' | 'unverifiable';
  readonly signatureAlgorithm: string | undefined;
  /** SHA-256 fingerprint of the certificate that verified it. */
  readonly verifiedWith: string | undefined;
  readonly problems: readonly Problem[];
}

/**
 * Verifies an HTTP-Redirect binding signature (SAML bindings 2.0 §3.4.4.1): the signature covers
 * the octet string `SAMLRequest=v&RelayState=v&SigAlg=v` (or SAMLResponse) built from the values
 * EXACTLY as they were URL-encoded on the wire, in that order, RelayState omitted when absent. So
 * it needs the raw query, not decoded parameters. Never throws.
 */
export async function verifyRedirectSignature(rawQuery: string, trustedCertificates: readonly (string | Uint8Array)[]): Promise<RedirectSignatureCheck> {
  const raw = new Map<string, string>();
  for (const pair of rawQuery.replace(/^[^?]*\?/, '').split('#')[0]?.split('&') ?? []) {
    const eq = pair.indexOf('=');
    if (eq > 0 && !raw.has(pair.slice(0, eq))) raw.set(pair.slice(0, eq), pair.slice(eq + 1));
  }
  const messageName = raw.has('SAMLRequest') ? 'SAMLRequest' : raw.has('SAMLResponse') ? 'SAMLResponse' : undefined;
  const sigAlgRaw = raw.get('SigAlg');
  const signatureRaw = raw.get('Signature');
  if (messageName === undefined || sigAlgRaw === undefined || signatureRaw === undefined) {
    return { outcome: 'unsigned', signatureAlgorithm: undefined, verifiedWith: undefined, problems: [] };
  }
  const signatureAlgorithm = safeDecode(sigAlgRaw);
  const algorithm = SIGNATURE_ALGORITHMS.get(signatureAlgorithm);
  if (algorithm === undefined) {
    return {
      outcome: 'unsupported',
      signatureAlgorithm,
      verifiedWith: undefined,
      problems: [problem('signature-algorithm-unsupported', 'error', `The redirect SigAlg ${signatureAlgorithm} is not supported.`)],
    };
  }
  const relayState = raw.get('RelayState');
  const signed = [`${messageName}=${raw.get(messageName) ?? ''}`, ...(relayState === undefined ? [] : [`RelayState=${relayState}`]), `SigAlg=${sigAlgRaw}`].join('&');
  const signatureText = safeDecode(signatureRaw).replace(/\s+/g, '');
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(signatureText) || signatureText.length % 4 !== 0) {
    return { outcome: 'invalid', signatureAlgorithm, verifiedWith: undefined, problems: [problem('signature-malformed', 'error', 'The redirect Signature parameter is not base64.')] };
  }
  if (trustedCertificates.length === 0) {
    return { outcome: 'unverifiable', signatureAlgorithm, verifiedWith: undefined, problems: [problem('signature-no-key', 'warning', 'No certificate was given to check the redirect signature with.')] };
  }
  const signature = base64ToBytes(signatureText);
  const data = new TextEncoder().encode(signed);
  const problems: Problem[] = [];
  for (const input of trustedCertificates) {
    const certificate = await parseCertificate(input);
    if (!certificate.ok) {
      problems.push(...certificate.problems);
      continue;
    }
    try {
      const key = await importVerifyKey(certificate.spki, algorithm.key === 'RSA' ? { name: 'RSASSA-PKCS1-v1_5', hash: algorithm.hash } : { name: 'ECDSA', namedCurve: certificate.info.curve ?? 'P-256' });
      if (key === undefined) continue;
      const verifyParameters: AlgorithmIdentifier | EcdsaParams = algorithm.key === 'RSA' ? 'RSASSA-PKCS1-v1_5' : { name: 'ECDSA', hash: algorithm.hash };
      if (await crypto.subtle.verify(verifyParameters, key, signature, data)) {
        return { outcome: 'valid', signatureAlgorithm, verifiedWith: certificate.info.sha256Fingerprint, problems };
      }
    } catch {
      // A key of the wrong type for SigAlg cannot verify it; try the next certificate.
    }
  }
  problems.push(problem('signature-value-mismatch', 'error', 'The redirect signature does not verify with any given certificate: the query was altered or signed with another key.'));
  return { outcome: 'invalid', signatureAlgorithm, verifiedWith: undefined, problems };
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text.replace(/\+/g, ' '));
  } catch {
    return text;
  }
}
