import { generateKeyPairSync, sign } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { createTestIdp } from '../../testing/saml-builder.ts';
import { verifyRedirectSignature } from './verify-redirect-signature.ts';

const RSA_SHA256 = 'http://www.w3.org/2001/04/xmldsig-more#rsa-sha256';

function signedQuery(privateKeyPem: string, relayState = 'https%3A%2F%2Fsp.example%2Fafter'): string {
  const unsigned = `SAMLRequest=fZBBT8MwDIX%2FSuR7m6RrxxS1nSZAiAtC2m4cp2Dp%2BG&RelayState=${relayState}&SigAlg=${encodeURIComponent(RSA_SHA256)}`;
  const signature = sign('sha256', Buffer.from(unsigned), privateKeyPem).toString('base64');
  return `${unsigned}&Signature=${encodeURIComponent(signature)}`;
}

describe('verifyRedirectSignature', () => {
  it('verifies a redirect-binding signature over the raw URL-encoded parameters', async () => {
    const idp = await createTestIdp();
    const result = await verifyRedirectSignature(signedQuery(idp.privateKeyPem), [idp.certificatePem]);
    expect(result.outcome).toBe('valid');
    expect(result.verifiedWith).toBe(idp.sha256Fingerprint);
  });

  it('fails when one character of the signed query is altered', async () => {
    const idp = await createTestIdp();
    const altered = signedQuery(idp.privateKeyPem).replace('RelayState=https', 'RelayState=http');
    expect((await verifyRedirectSignature(altered, [idp.certificatePem])).outcome).toBe('invalid');
  });

  it('fails with a certificate of another key', async () => {
    const idp = await createTestIdp();
    const other = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
    expect((await verifyRedirectSignature(signedQuery(other), [idp.certificatePem])).outcome).toBe('invalid');
  });

  it('reports an unsigned query and an unknown SigAlg', async () => {
    expect((await verifyRedirectSignature('SAMLRequest=abc&RelayState=x', [])).outcome).toBe('unsigned');
    expect((await verifyRedirectSignature('SAMLRequest=abc&SigAlg=urn%3Afoo&Signature=AAAA', [])).outcome).toBe('unsupported');
  });
});
