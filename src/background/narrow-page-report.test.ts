import { describe, expect, it } from 'vitest';
import { narrowPageReading } from './narrow-page-report.ts';

describe('narrowPageReading', () => {
  it('keeps the known fields of a reading', () => {
    const reading = {
      classification: 'aws-signature-invalid',
      title: 'Amazon Web Services Sign-In',
      excerpt: 'Response signature invalid',
      serviceErrors: [{ service: 'AWSSecurityTokenService', statusCode: 400, errorCode: 'InvalidIdentityToken', requestId: 'r-1' }],
    };
    expect(narrowPageReading(reading)).toEqual(reading);
  });

  it('drops unknown fields, such as a whole page body', () => {
    expect(narrowPageReading({ classification: 'sf-data-not-available', excerpt: 'Data Not Available', html: '<html>...</html>' })).toEqual({
      classification: 'sf-data-not-available',
      excerpt: 'Data Not Available',
    });
  });

  it('trims an oversized excerpt and title', () => {
    const narrowed = narrowPageReading({ classification: 'unrecognized-error', excerpt: 'x'.repeat(10_000), title: 't'.repeat(10_000) });
    expect(narrowed?.excerpt).toHaveLength(600);
    expect(narrowed?.title).toHaveLength(300);
  });

  it('drops malformed service error entries', () => {
    expect(narrowPageReading({ classification: 'aws-invalid-saml-response', excerpt: 'x', serviceErrors: [{ statusCode: 1 }, 'x'] })).toEqual({
      classification: 'aws-invalid-saml-response',
      excerpt: 'x',
    });
  });

  it.each([undefined, null, 'text', { classification: 1, excerpt: 'x' }, { classification: 'x' }])('refuses %j', (value) => {
    expect(narrowPageReading(value)).toBeUndefined();
  });
});
