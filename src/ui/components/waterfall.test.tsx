import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import type { Hop } from '../../core/flow/flow.ts';
import { awsSignatureInvalid } from '../fixtures/aws-signature-invalid.ts';
import { ssoHealthy } from '../fixtures/sso-healthy.ts';
import { activateLocaleFile } from '../i18n/locale-messages.ts';
import { Waterfall, waterfallRows } from './waterfall.tsx';

activateLocaleFile('en');

describe('waterfallRows', () => {
  it('places every hop on one axis from the first start to the last end', () => {
    const { rows, spanMs } = waterfallRows(ssoHealthy.stored.flow.hops);
    expect(rows[0]?.offsetMs).toBe(0);
    expect(spanMs).toBe(14_000 - 11_700 + 1_240);
    const last = rows.at(-1);
    expect((last?.leftPercent ?? 0) + (last?.widthPercent ?? 0)).toBeCloseTo(100, 5);
  });

  it('tells redirects, error pages and network errors apart', () => {
    const hops: Hop[] = [
      { id: 'a', kind: 'aws-saml', url: 'https://signin.aws.amazon.com/saml', method: 'POST', startedAt: '2026-01-01T00:00:00Z', status: 302, redirectTo: 'https://x' },
      { id: 'b', kind: 'connect-app', url: 'https://a.my.connect.aws/connect/ccp-v2', method: 'GET', startedAt: '2026-01-01T00:00:01Z', networkError: 'net::ERR_NAME_NOT_RESOLVED' },
      { id: 'c', kind: 'salesforce-idp', url: 'https://a.my.salesforce.com/idp/login', method: 'GET', startedAt: 'not a time' },
    ];
    const rows = waterfallRows(hops).rows;
    expect(rows.map((row) => row.outcome)).toEqual(['redirect', 'failed', 'pending']);
    expect(rows[2]?.offsetMs).toBe(0);
  });
});

describe('Waterfall', () => {
  it('marks the failing hop and shows what the error page said', () => {
    const html = renderToStaticMarkup(<Waterfall hops={awsSignatureInvalid.stored.flow.hops} failingHopId="h2" />);
    expect(html).toMatch(/class="waterfall__row waterfall__row--failed waterfall__row--failing" data-hop-id="h2"/);
    expect(html).toContain('Response signature invalid');
    expect(html).toContain('AWS sign-in (SAML)');
  });

  it('says so when no request was captured', () => {
    expect(renderToStaticMarkup(<Waterfall hops={[]} />)).toContain('No requests were captured.');
  });
});
