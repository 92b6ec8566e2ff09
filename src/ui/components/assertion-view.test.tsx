import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import type { MessageSummary } from '../../core/diagnosis/diagnosis.ts';
import { fixtureMessage } from '../fixtures/fixture-saml-response.ts';
import { activateLocaleFile } from '../i18n/locale-messages.ts';
import { AssertionView, assertionFacts } from './assertion-view.tsx';

activateLocaleFile('en');

describe('AssertionView', () => {
  it('highlights the fields admins compare, in the pretty view', () => {
    const html = renderToStaticMarkup(<AssertionView message={fixtureMessage({ hopId: 'h2' })} copy={() => Promise.resolve()} />);
    for (const field of ['issuer', 'audience', 'destination', 'time', 'role', 'role-session-name', 'name-id']) expect(html).toContain(`data-field="${field}"`);
  });

  it('flags a RoleSessionName with trailing whitespace in the facts list', () => {
    const html = renderToStaticMarkup(<AssertionView message={fixtureMessage({ hopId: 'h2', roleSessionName: 'jdoe@00D ' })} copy={() => Promise.resolve()} />);
    expect(html).toContain('value--padded');
    expect(html).toContain('has leading or trailing spaces');
  });
});

describe('assertionFacts', () => {
  it('lists only the fields the message has', () => {
    const message: MessageSummary = {
      hopId: 'h2',
      kind: 'Response',
      binding: 'post',
      xml: '<samlp:Response/>',
      issuer: 'https://a.my.salesforce.com',
      issueInstant: '2026-11-23T14:00:00Z',
      assertionCount: 0,
      encryptedAssertionCount: 1,
      signatures: [],
      certificates: [],
      problems: [],
    };
    expect(assertionFacts(message).map((row) => row.label)).toEqual(['fieldIssuer', 'fieldIssueInstant']);
  });
});
