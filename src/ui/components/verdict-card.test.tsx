import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { UI_FIXTURES } from '../fixtures/ui-fixtures.ts';
import { activateLocaleFile } from '../i18n/locale-messages.ts';
import { adminsToAsk } from './agent-advice.tsx';
import { VerdictCard } from './verdict-card.tsx';

const copy = (): Promise<void> => Promise.resolve();

// Before collection: describe.each bodies render while the file loads.
activateLocaleFile('en');

describe.each(UI_FIXTURES.map((fixture) => [fixture.scenario, fixture] as const))('VerdictCard for %s', (scenario, fixture) => {
  const diagnosis = fixture.stored.diagnosis;
  if (diagnosis === undefined) throw new Error('every UI fixture has a diagnosis');
  const html = renderToStaticMarkup(<VerdictCard finding={diagnosis.primary} copy={copy} />);

  it('carries the primary finding id as data-finding-id', () => {
    expect(html).toMatch(new RegExp(`^<section[^>]* data-finding-id="${scenario}"`));
  });

  it('shows the plain summary as the heading and the admin title exactly once', () => {
    const escape = (text: string): string => text.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/'/g, '&#x27;');
    expect(html).toContain(`<h2 id="verdict-summary" class="verdict__summary">${escape(diagnosis.primary.summary)}</h2>`);
    expect(html.split(escape(diagnosis.primary.title)).length - 1).toBe(1);
  });

  it('keeps the admin steps folded in the popup', () => {
    if (adminsToAsk(diagnosis.primary.remediation).length === 0) expect(html).not.toContain('<details');
    else expect(html).toMatch(/<details class="verdict__admin">/);
  });
});

describe('VerdictCard', () => {
  it('tells the agent which admin to ask for a Salesforce-side fault', () => {
    const fixture = UI_FIXTURES.find((candidate) => candidate.scenario === 'sf-insufficient-privileges');
    const finding = fixture?.stored.diagnosis?.primary;
    if (finding === undefined) throw new Error('fixture missing');
    const html = renderToStaticMarkup(<VerdictCard finding={finding} copy={copy} />);
    expect(html).toContain('your Salesforce admin');
    expect(html).not.toContain('your AWS admin');
  });

  it('names every admin a fix needs, in the order the steps need them', () => {
    expect(
      adminsToAsk([
        { actor: 'salesforce-admin', text: 'a' },
        { actor: 'agent', text: 'b' },
        { actor: 'aws-admin', text: 'c' },
        { actor: 'salesforce-admin', text: 'd' },
      ]),
    ).toEqual(['salesforce-admin', 'aws-admin']);
  });

  it('opens the admin steps on the report page', () => {
    const finding = UI_FIXTURES[0]?.stored.diagnosis?.primary;
    if (finding === undefined) throw new Error('fixture missing');
    expect(renderToStaticMarkup(<VerdictCard finding={finding} copy={copy} adminStepsOpen />)).toContain('<details class="verdict__admin" open="">');
  });

  it('styles the healthy verdict as success rather than by its info severity', () => {
    const healthy = UI_FIXTURES.find((fixture) => fixture.scenario === 'sso-healthy')?.stored.diagnosis?.primary;
    if (healthy === undefined) throw new Error('fixture missing');
    const html = renderToStaticMarkup(<VerdictCard finding={healthy} copy={copy} />);
    expect(html).toContain('verdict--ok');
    expect(html).toContain('Nothing to do.');
  });
});
