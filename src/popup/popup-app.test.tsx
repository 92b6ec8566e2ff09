import { describe, expect, it } from 'vitest';
import { runningFixture } from '../ui/fixtures/running-flow.ts';
import { ssoHealthy } from '../ui/fixtures/sso-healthy.ts';
import type { PageEnvironment } from '../ui/hooks/page-environment.ts';
import { GUIDED_START_WINDOW_MS, isGuidedRunWatching, isLive } from '../ui/hooks/use-popup-state.ts';
import { reportUrl, unmanagedValues } from './popup-app.tsx';

const settings = { values: {}, managed: [] } as const;

describe('unmanagedValues', () => {
  it('drops policy-managed keys before settings are sent back to the worker', () => {
    expect(unmanagedValues({ values: { region: 'eu-central-1', expectedIssuer: 'https://a.my.salesforce.com' }, managed: ['region'] })).toEqual({
      expectedIssuer: 'https://a.my.salesforce.com',
    });
  });
});

describe('reportUrl', () => {
  it('opens the report page for the flow, with the id encoded', () => {
    const environment = { extensionUrl: (path: string) => `chrome-extension://abc/${path}` } as unknown as PageEnvironment; // -- reason: reportUrl only uses extensionUrl
    expect(reportUrl(environment, 'flow 1&x')).toBe('chrome-extension://abc/src/report/index.html?flow=flow%201%26x');
  });
});

describe('isLive', () => {
  const now = Date.parse('2026-11-23T14:00:30Z');

  it('keeps polling while a guided run or a capture is in progress, and not otherwise', () => {
    expect(isLive({ latest: runningFixture.stored, flows: [], settings, guided: undefined }, now)).toBe(true);
    expect(isLive({ latest: ssoHealthy.stored, flows: [], settings, guided: { tabId: 3, startedAt: '2026-11-23T14:00:00Z', flowId: undefined } }, now)).toBe(true);
    expect(isLive({ latest: ssoHealthy.stored, flows: [], settings, guided: undefined }, now)).toBe(false);
    expect(isLive(undefined, now)).toBe(false);
  });

  it('stops watching a guided run once the flow it opened has ended, or when none started within two minutes', () => {
    const ended = ssoHealthy.stored;
    const running = runningFixture.stored;
    const guidedTo = (flowId: string | undefined) => ({ tabId: 3, startedAt: '2026-11-23T14:00:00Z', flowId });
    expect(isGuidedRunWatching({ latest: running, flows: [], settings, guided: guidedTo(running.flow.id) }, now)).toBe(true);
    expect(isGuidedRunWatching({ latest: ended, flows: [], settings, guided: guidedTo(ended.flow.id) }, now)).toBe(false);
    expect(isLive({ latest: ended, flows: [], settings, guided: guidedTo(ended.flow.id) }, now)).toBe(false);
    expect(isGuidedRunWatching({ latest: ended, flows: [], settings, guided: guidedTo(undefined) }, now + GUIDED_START_WINDOW_MS)).toBe(false);
  });
});
