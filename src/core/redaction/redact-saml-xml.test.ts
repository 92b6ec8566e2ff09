import { describe, expect, it } from 'vitest';
import { buildSalesforceResponse, sharedTestIdp, TEST_DEFAULTS } from '../../testing/saml-builder.ts';
import { readSamlMessage } from '../message/read-saml-message.ts';
import type { SamlResponse } from '../message/saml-message.ts';
import { parseXml } from '../xml/parse-xml.ts';
import { createRedactor } from './create-redactor.ts';
import { certificateFingerprint, redactSamlXml } from './redact-saml-xml.ts';

function redacted(xml: string, salt = 'salt'): string {
  const result = redactSamlXml(xml, createRedactor(salt));
  if (!result.ok) throw new Error(result.problems.map((p) => p.message).join('; '));
  return result.xml;
}

function readResponse(xml: string): SamlResponse {
  const parsed = parseXml(xml);
  if (!parsed.ok) throw new Error('not parseable');
  const message = readSamlMessage(parsed.root);
  if (message.kind !== 'Response') throw new Error(`not a Response: ${message.kind}`);
  return message;
}

describe('redactSamlXml', () => {
  it('empties SignatureValue, DigestValue and certificate bodies and names the certificate by its SHA-256 fingerprint', async () => {
    const idp = await sharedTestIdp();
    const xml = buildSalesforceResponse(idp);
    const out = redacted(xml);
    expect(xml).toContain(idp.certificateBase64);
    expect(out).not.toContain(idp.certificateBase64.slice(0, 60));
    expect(out).not.toMatch(/<ds:SignatureValue>[^<]/);
    expect(out).not.toMatch(/<ds:DigestValue>[^<]/);
    expect(out).toContain(`<!-- certificate removed by sso-doctor; SHA-256 ${idp.sha256Fingerprint} -->`);
    expect(certificateFingerprint(idp.certificateBase64)).toBe(idp.sha256Fingerprint);
  });

  it('keeps issuer, destination, audience, recipient, times, attribute names, status and algorithms exactly', async () => {
    const idp = await sharedTestIdp();
    const before = readResponse(buildSalesforceResponse(idp));
    const after = readResponse(redacted(buildSalesforceResponse(idp)));
    const [a, b] = [before.assertions[0], after.assertions[0]];
    expect(after.issuer).toBe(before.issuer);
    expect(after.destination).toBe(before.destination);
    expect(after.status).toEqual(before.status);
    expect(b?.conditions).toEqual(a?.conditions);
    expect(b?.subject?.confirmations).toEqual(a?.subject?.confirmations);
    expect(b?.authnStatements).toEqual(a?.authnStatements);
    expect(b?.attributes.map((attribute) => attribute.name)).toEqual(a?.attributes.map((attribute) => attribute.name));
    expect(redacted(buildSalesforceResponse(idp))).toContain('Algorithm="http://www.w3.org/2001/04/xmldsig-more#rsa-sha256"');
  });

  it('pseudonymizes NameID and RoleSessionName consistently and masks the account in the Role', async () => {
    const idp = await sharedTestIdp();
    const after = readResponse(redacted(buildSalesforceResponse(idp)));
    const assertion = after.assertions[0];
    const nameId = assertion?.subject?.nameId?.value ?? '';
    const sessionName = assertion?.aws.roleSessionName?.[0] ?? '';
    expect(nameId).not.toBe(TEST_DEFAULTS.nameId);
    expect(nameId).toMatch(/^005[A-Za-z0-9]{15}$/);
    expect(sessionName.split('@')[1]).toBe(nameId);
    expect(sessionName).not.toContain('jdoe');
    expect(assertion?.aws.roles[0]?.raw).toBe(`arn:aws:iam::********9012:role/${TEST_DEFAULTS.roleName},arn:aws:iam::********9012:saml-provider/SalesforceVoiceIdp_${sessionName.split('@')[2] ?? ''}`);
  });

  it('keeps a Role pair well-formed when account ids are parseable (the HAR form)', async () => {
    const idp = await sharedTestIdp();
    const result = redactSamlXml(buildSalesforceResponse(idp), createRedactor('salt', { accountIds: 'parseable' }));
    const after = readResponse(result.ok ? result.xml : '');
    const role = after.assertions[0]?.aws.roles[0];
    expect(role?.issues).toEqual([]);
    expect(role?.accountId).toMatch(/^\d{8}9012$/);
    expect(role?.accountId).not.toBe(TEST_DEFAULTS.accountId);
  });

  it('keeps what makes a RoleSessionName invalid: a space, a leading blank, an accented letter, the length', async () => {
    const idp = await sharedTestIdp();
    for (const name of ['j doe@x', ' jdoe', 'jdöe@org', 'x'.repeat(70)]) {
      const after = readResponse(redacted(buildSalesforceResponse(idp, { roleSessionName: name })));
      const value = after.assertions[0]?.aws.roleSessionName?.[0] ?? '';
      expect(value).not.toBe(name);
      expect(value.length).toBe(name.length);
      expect(/^[\w+=,.@-]{2,64}$/.test(value)).toBe(false);
      expect(value.startsWith(' ')).toBe(name.startsWith(' '));
    }
  });

  it('keeps the comment inside a comment-injected NameID, so the injection is still detected', async () => {
    const idp = await sharedTestIdp();
    const xml = buildSalesforceResponse(idp, { sign: 'none' }).replace(`>${TEST_DEFAULTS.nameId}<`, '>admin@acme.example<!-- -->.evil.example<');
    const nameId = readResponse(redacted(xml)).assertions[0]?.subject?.nameId;
    expect(nameId?.hasCommentOrCdata).toBe(true);
    expect(nameId?.value).not.toContain('admin');
  });

  it('empties the ciphertext of an encrypted assertion', async () => {
    const idp = await sharedTestIdp();
    const xml = buildSalesforceResponse(idp, { encryptAssertion: true });
    const cipher = /<xenc:CipherValue>([^<]+)</.exec(xml)?.[1] ?? 'missing';
    const out = redacted(xml);
    expect(out).not.toContain(cipher);
    expect(readResponse(out).encryptedAssertionCount).toBe(1);
  });

  it('keeps the signed element IDs and Reference URIs matching each other', async () => {
    const idp = await sharedTestIdp();
    const out = redacted(buildSalesforceResponse(idp, { responseId: '_0f1e2d3c-aaaa-bbbb-cccc-444455556666' }));
    const id = /<samlp:Response [^>]*ID="([^"]+)"/.exec(out)?.[1];
    expect(id).not.toBe('_0f1e2d3c-aaaa-bbbb-cccc-444455556666');
    expect(out).toContain(`URI="#${id ?? ''}"`);
  });

  it('refuses a document that is not well-formed instead of passing it through', () => {
    const result = redactSamlXml('<samlp:Response>jdoe', createRedactor('salt'));
    expect(result.ok).toBe(false);
  });
});
