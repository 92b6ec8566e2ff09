import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { awsSignatureInvalid } from '../fixtures/aws-signature-invalid.ts';
import { fixtureCertificate } from '../fixtures/fixture-certificate.ts';
import { FIXTURE_NOW } from '../fixtures/fixture-clock.ts';
import { fixtureMessage } from '../fixtures/fixture-saml-response.ts';
import { activateLocaleFile } from '../i18n/locale-messages.ts';
import { CertificatePanel, normalizeFingerprint } from './certificate-panel.tsx';
import { certificateValidity } from './validity-bar.tsx';

activateLocaleFile('en');

const message = awsSignatureInvalid.stored.diagnosis?.message;
if (message === undefined) throw new Error('fixture has a message');

describe('CertificatePanel', () => {
  it('says AWS lacks the signing certificate when the metadata holds another one', () => {
    const html = renderToStaticMarkup(
      <CertificatePanel signatures={message.signatures} certificates={message.certificates} awsCertificates={awsSignatureInvalid.awsCertificates} now={FIXTURE_NOW} />,
    );
    expect(html).toContain('AWS does not have this certificate.');
    expect(html).toContain('data-validity="expired"');
    expect(html).toContain('Valid only with the message&#x27;s own certificate');
  });

  it('matches an expected fingerprint written in lower case without colons', () => {
    const certificate = fixtureCertificate();
    const html = renderToStaticMarkup(
      <CertificatePanel signatures={[]} certificates={[certificate]} trustedFingerprints={[certificate.sha1Fingerprint.replace(/:/g, '').toLowerCase()]} now={FIXTURE_NOW} />,
    );
    expect(html).toContain('AWS trusts this certificate.');
    expect(html).toContain('AWS rejects unsigned responses');
  });

  it('compares the Issuer with the AWS-side entity ID', () => {
    const html = renderToStaticMarkup(
      <CertificatePanel signatures={[]} certificates={[]} issuer="https://acme-voice.my.salesforce.com" awsEntityId="https://acme.my.salesforce.com" now={FIXTURE_NOW} />,
    );
    expect(html).toContain('differs from the AWS-side entity ID');
  });

  it('labels an outcome taken from a redaction attestation as attested, not re-verified', () => {
    const attested = fixtureMessage({ hopId: 'h2', signatureBasis: 'attested' });
    const html = renderToStaticMarkup(<CertificatePanel signatures={attested.signatures} certificates={attested.certificates} now={FIXTURE_NOW} />);
    expect(html).toContain('data-basis="attested"');
    expect(html).toContain('attested by the exporting extension, not re-verified');
  });

  it('labels an attested outcome in Danish too', () => {
    activateLocaleFile('da');
    try {
      const attested = fixtureMessage({ hopId: 'h2', signatureBasis: 'attested' });
      const html = renderToStaticMarkup(<CertificatePanel signatures={attested.signatures} certificates={attested.certificates} now={FIXTURE_NOW} />);
      expect(html).toContain('attesteret af den eksporterende udvidelse, ikke efterprøvet igen');
    } finally {
      activateLocaleFile('en');
    }
  });

  it('shows no attestation label on an outcome it verified', () => {
    const verified = fixtureMessage({ hopId: 'h2', signatureBasis: 'verified' });
    const html = renderToStaticMarkup(<CertificatePanel signatures={verified.signatures} certificates={verified.certificates} now={FIXTURE_NOW} />);
    expect(html).toContain('data-basis="verified"');
    expect(html).not.toContain('not re-verified');
  });

  it('normalises fingerprints the way consoles print them', () => {
    expect(normalizeFingerprint('ab:cd ef')).toBe('ABCDEF');
  });
});

describe('certificateValidity', () => {
  it('puts today between NotBefore and NotAfter', () => {
    const validity = certificateValidity('2026-01-01T00:00:00Z', '2027-01-01T00:00:00Z', '2026-07-02T12:00:00Z');
    expect(validity.state).toBe('valid');
    expect(validity.nowPercent).toBeCloseTo(50, 0);
  });

  it('warns within 30 days of expiry and pins an expired one at the end', () => {
    expect(certificateValidity('2026-01-01T00:00:00Z', '2026-12-10T00:00:00Z', FIXTURE_NOW)).toMatchObject({ state: 'expiring', daysLeft: 16 });
    expect(certificateValidity('2024-01-01T00:00:00Z', '2025-01-01T00:00:00Z', FIXTURE_NOW)).toMatchObject({ state: 'expired', nowPercent: 100 });
  });

  it('reports unreadable dates instead of drawing a wrong bar', () => {
    expect(certificateValidity('soon', '2027-01-01T00:00:00Z', FIXTURE_NOW).state).toBe('unknown');
  });
});
