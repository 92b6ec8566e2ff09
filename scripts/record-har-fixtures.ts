// Records complete HAR 1.2 files of SSO flows through the federation lab (lab/), one per
// scenario, into fixtures/har/. The lab signs with keys made at its start, so the fixtures hold
// real signed responses. Run: node --import tsx scripts/record-har-fixtures.ts
// The fixtures are committed; src/cli/har-fixtures.test.ts diagnoses them through the CLI.
import { writeFileSync } from 'node:fs';
import type { Entry, Har } from 'har-format';
import { startLab } from '../lab/start-lab.ts';
import type { LabScenarioName } from '../lab/scenarios.ts';
import { walkFlow } from '../lab/walk-flow.ts';

const SCENARIOS: readonly LabScenarioName[] = [
  'sso-healthy',
  'sf-insufficient-privileges',
  'sf-data-not-available',
  'aws-signature-invalid',
  'aws-issuer-mismatch',
  'connect-not-onboarded',
  'connect-ccp-unreachable',
  'aws-role-attribute-missing',
];

function entryFor(step: { method: string; url: string; status: number; location: string | undefined; dateHeader: string | undefined; form: Readonly<Record<string, string>> | undefined }, at: Date, html: string | undefined): Entry {
  const url = new URL(step.url);
  const body = step.form === undefined ? undefined : new URLSearchParams(step.form).toString();
  return {
    startedDateTime: at.toISOString(),
    time: 42,
    request: {
      method: step.method,
      url: step.url,
      httpVersion: 'HTTP/2',
      cookies: [],
      headers: [{ name: 'Host', value: url.host }, ...(body === undefined ? [] : [{ name: 'Content-Type', value: 'application/x-www-form-urlencoded' }])],
      queryString: [...url.searchParams].map(([name, value]) => ({ name, value })),
      ...(body === undefined
        ? {}
        : { postData: { mimeType: 'application/x-www-form-urlencoded', text: body, params: Object.entries(step.form ?? {}).map(([name, value]) => ({ name, value: encodeURIComponent(value) })) } }),
      headersSize: -1,
      bodySize: body === undefined ? 0 : body.length,
    },
    response: {
      status: step.status,
      statusText: step.status === 302 ? 'Found' : step.status === 200 ? 'OK' : '',
      httpVersion: 'HTTP/2',
      cookies: [],
      headers: [
        ...(step.dateHeader === undefined ? [] : [{ name: 'Date', value: step.dateHeader }]),
        ...(step.location === undefined ? [] : [{ name: 'Location', value: step.location }]),
        { name: 'Content-Type', value: 'text/html; charset=utf-8' },
      ],
      content: { size: html?.length ?? 0, mimeType: 'text/html', ...(html === undefined ? {} : { text: html }) },
      redirectURL: step.location ?? '',
      headersSize: -1,
      bodySize: -1,
    },
    cache: {},
    timings: { send: 1, wait: 40, receive: 1 },
    _resourceType: 'document',
  } as unknown as Entry; // -- reason: Chrome's `_resourceType` extension field is not in @types/har-format
}

for (const scenario of SCENARIOS) {
  const lab = await startLab({ scenario });
  try {
    const walk = await walkFlow({ port: lab.port, hostResolverRules: lab.hostResolverRules }, lab.urls.telephonyProviderSettings);
    const started = Date.now();
    const end = walk.end;
    const entries: Entry[] = walk.steps.map((step, index) => {
      const last = index === walk.steps.length - 1;
      return entryFor(step, new Date(started + index * 150), last && end.kind === 'page' ? end.html : undefined);
    });
    if (walk.end.kind === 'unresolvable') {
      const failed = entryFor({ method: 'GET', url: walk.end.url, status: 0, location: undefined, dateHeader: undefined, form: undefined }, new Date(started + entries.length * 150), undefined);
      entries.push({ ...failed, response: { ...failed.response, statusText: '', _error: 'net::ERR_NAME_NOT_RESOLVED' } as Entry['response'] }); // -- reason: Chrome records the failure in `_error`
    }
    const har: Har = { log: { version: '1.2', creator: { name: 'sso-doctor federation lab', version: '1' }, pages: [], entries } };
    writeFileSync(new URL(`../fixtures/har/${scenario}.har`, import.meta.url), `${JSON.stringify(har, null, 2)}\n`);
    writeFileSync(new URL(`../fixtures/har/${scenario}.aws-metadata.xml`, import.meta.url), lab.awsProviderMetadata());
    console.log(`${scenario}: ${String(entries.length)} entries`);
  } finally {
    await lab.close();
  }
}
