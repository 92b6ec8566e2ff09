// Browser entry of the screenshot harness (bundled by scripts/screenshot-ui.ts, never shipped):
// renders the real popup, report and options apps with a fake PageEnvironment fed from the UI
// fixtures, for when the built extension's worker cannot be seeded.
import { createRoot } from 'react-dom/client';
import type { FlowListItem, PopupState, StoredFlow } from '../src/messaging/protocol.ts';
import { OptionsApp } from '../src/options/options-app.tsx';
import { PopupApp } from '../src/popup/popup-app.tsx';
import { ReportApp } from '../src/report/report-app.tsx';
import { FIXTURE_LINK } from '../src/ui/fixtures/fixture-hops.ts';
import { runningFixture } from '../src/ui/fixtures/running-flow.ts';
import { UI_FIXTURES } from '../src/ui/fixtures/ui-fixtures.ts';
import { activateLocaleFile } from '../src/ui/i18n/locale-messages.ts';
import type { PageEnvironment } from '../src/ui/hooks/page-environment.ts';
import '../src/ui/styles/theme.css';
import '../src/ui/styles/components.css';
import '../src/popup/popup.css';
import '../src/report/report.css';
import '../src/options/options.css';

const query = new URLSearchParams(location.search);
const page = query.get('page') ?? 'popup';
const scenario = query.get('fixture') ?? 'sso-healthy';
const locale = query.get('locale') === 'da' ? 'da' : 'en';
activateLocaleFile(locale);
document.documentElement.lang = locale;
if (page === 'popup') document.body.classList.add('harness-popup');

const fixture = scenario === 'running' ? runningFixture : UI_FIXTURES.find((candidate) => candidate.scenario === scenario);
const stored: StoredFlow | undefined = scenario === 'empty' ? undefined : fixture?.stored;

function listItem(entry: StoredFlow): FlowListItem {
  return { id: entry.flow.id, startedAt: entry.flow.startedAt, state: entry.flow.state, primaryId: entry.diagnosis?.primary.id, severity: entry.diagnosis?.primary.severity };
}

const state: PopupState = {
  latest: stored,
  flows: stored === undefined ? [] : [listItem(stored)],
  settings: {
    values: { telephonyProviderSettingsUrl: FIXTURE_LINK, region: 'eu-central-1', expectedIssuer: 'https://acme-voice.my.salesforce.com' },
    managed: page === 'options' ? ['telephonyProviderSettingsUrl', 'region'] : [],
  },
  guided: scenario === 'running' ? { tabId: 7, startedAt: stored?.flow.startedAt ?? '', flowId: stored?.flow.id } : undefined,
  discarded: scenario === 'discarded' ? { count: 1, at: '2026-03-02T10:04:00.000Z' } : undefined,
};

function previewFor(format: string): string {
  const diagnosis = stored?.diagnosis;
  if (format === 'json') return JSON.stringify({ findings: diagnosis?.findings.map((finding) => ({ id: finding.id, severity: finding.severity, title: finding.title })) }, null, 2);
  return [
    `# SSO Doctor report`,
    '',
    `**Verdict:** ${diagnosis?.primary.title ?? ''} (\`${diagnosis?.primary.id ?? ''}\`)`,
    '',
    '(Screenshot harness: the real redacted report is built by the page from the worker’s getExportInput.)',
  ].join('\n');
}

/** Answers like the worker would, from the fixture; typed per method so the harness stays honest. */
const call = ((method: string): Promise<unknown> => {
  switch (method) {
    case 'getState':
      return Promise.resolve(state);
    case 'getFlow':
      return Promise.resolve(stored);
    case 'startGuidedDiagnose':
      return Promise.resolve({ ok: false, reason: 'no-link' });
    case 'rediagnose':
      return Promise.resolve(stored?.diagnosis);
    case 'saveSettings':
      return Promise.resolve(state.settings);
    default:
      return Promise.resolve(undefined);
  }
}) as PageEnvironment['call']; // -- reason: one untyped dispatcher stands in for every Protocol method

const environment: PageEnvironment = {
  call,
  subscribe: () => () => undefined,
  openTab: () => undefined,
  extensionUrl: (path) => path,
  copyText: () => Promise.resolve(),
  download: () => undefined,
  exportReport: (request) =>
    Promise.resolve({ filename: `sso-doctor-report.${request.format === 'markdown' ? 'md' : request.format}`, mimeType: 'text/plain', content: previewFor(request.format) }),
};

const root = document.getElementById('root');
if (root) {
  createRoot(root).render(
    page === 'report' ? (
      <ReportApp environment={environment} flowId={stored?.flow.id} awsCertificates={fixture?.awsCertificates} />
    ) : page === 'options' ? (
      <OptionsApp environment={environment} />
    ) : (
      <PopupApp environment={environment} />
    ),
  );
}
