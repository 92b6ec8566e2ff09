import { describe, expect, it } from 'vitest';
import { narrowBeforeRedirect, narrowBeforeRequest, narrowCompleted, narrowErrorOccurred, type BeforeRequestDetails } from './narrow-web-request-details.ts';

const BASE = { requestId: '42', url: 'https://signin.aws.amazon.com/saml', method: 'POST', tabId: 3, frameId: 0, parentFrameId: -1, type: 'main_frame', timeStamp: 1_700_000_000_000.5 };

describe('narrowBeforeRequest', () => {
  it('keeps form fields as arrays of strings, as Chrome and Firefox send them', () => {
    const details: BeforeRequestDetails = { ...BASE, requestBody: { formData: { SAMLResponse: ['PHg+'], RelayState: ['r'] } } };
    expect(narrowBeforeRequest(details)).toEqual({
      kind: 'before-request',
      requestId: '42',
      url: BASE.url,
      method: 'POST',
      tabId: 3,
      frameId: 0,
      parentFrameId: -1,
      type: 'main_frame',
      timeStamp: BASE.timeStamp,
      body: { formData: { SAMLResponse: ['PHg+'], RelayState: ['r'] } },
    });
  });

  it('accepts a form field given as a bare string and drops binary form values', () => {
    const details: BeforeRequestDetails = { ...BASE, requestBody: { formData: { SAMLResponse: 'PHg+', file: [new ArrayBuffer(2)] } } };
    expect(narrowBeforeRequest(details).body).toEqual({ formData: { SAMLResponse: ['PHg+'], file: [] } });
  });

  it('copies raw byte chunks and skips file parts', () => {
    const bytes = new TextEncoder().encode('SAMLResponse=abc').buffer;
    const details: BeforeRequestDetails = { ...BASE, requestBody: { raw: [{ bytes }, { file: '/tmp/x' }] } };
    expect(narrowBeforeRequest(details).body?.raw?.map((chunk) => new TextDecoder().decode(chunk))).toEqual(['SAMLResponse=abc']);
  });

  it('leaves the body out when the browser reported none or only an error', () => {
    expect(narrowBeforeRequest({ ...BASE, method: 'GET' })).not.toHaveProperty('body');
    expect(narrowBeforeRequest({ ...BASE, requestBody: { error: 'Unknown error.' } })).not.toHaveProperty('body');
    expect(narrowBeforeRequest({ ...BASE, requestBody: null })).not.toHaveProperty('body');
  });
});

describe('narrowing responses', () => {
  it('reads the Date header whatever its case', () => {
    const event = narrowBeforeRedirect({ ...BASE, statusCode: 302, statusLine: 'HTTP/1.1 302 Found', redirectUrl: 'https://x/', responseHeaders: [{ name: 'DATE', value: 'Mon, 02 Mar 2026 10:00:00 GMT' }] });
    expect(event).toMatchObject({ kind: 'before-redirect', statusCode: 302, statusLine: 'HTTP/1.1 302 Found', redirectUrl: 'https://x/', dateHeader: 'Mon, 02 Mar 2026 10:00:00 GMT' });
  });

  it('omits an empty status line and a missing Date header', () => {
    const event = narrowCompleted({ ...BASE, statusCode: 200, statusLine: '' });
    expect(event).not.toHaveProperty('statusLine');
    expect(event).not.toHaveProperty('dateHeader');
  });

  it('keeps the network error text', () => {
    expect(narrowErrorOccurred({ ...BASE, error: 'net::ERR_NAME_NOT_RESOLVED' })).toMatchObject({ kind: 'error-occurred', error: 'net::ERR_NAME_NOT_RESOLVED' });
  });
});
