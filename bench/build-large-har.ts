import { Buffer } from 'node:buffer';
import { TEST_DEFAULTS } from '../src/testing/saml-builder.ts';

export interface LargeHarOptions {
  /** Approximate size of the JSON text. */
  readonly targetBytes: number;
  /** SAMLResponse values (base64): one complete SSO flow is placed for each, spread through the file. */
  readonly samlResponses: readonly string[];
}

export interface LargeHar {
  readonly text: string;
  readonly entries: number;
  readonly samlFlows: number;
}

/** Deterministic filler: the same file on every run. */
function createRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (Math.imul(state, 1_664_525) + 1_013_904_223) >>> 0;
    return state / 2 ** 32;
  };
}

const WORDS = ['contact', 'agent', 'queue', 'routing', 'profile', 'softphone', 'omni', 'channel', 'status', 'available', 'lightning', 'record', 'case', 'voice', 'call', 'transfer'];

/**
 * A HAR 1.2 file shaped like a Chrome export of a long Salesforce console session: thousands of
 * entries (scripts, styles, XHR/JSON, images as base64, documents) with realistic headers and
 * bodies, and a few complete SSO flows (idp/login → POST /saml → federate → CCP) among them.
 */
export function buildLargeHar(options: LargeHarOptions): LargeHar {
  const random = createRandom(0x5eed);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
  const text = (length: number): string => {
    const parts: string[] = [];
    let size = 0;
    while (size < length) {
      const word = pick(WORDS);
      parts.push(word);
      size += word.length + 1;
    }
    return parts.join(' ');
  };
  const start = Date.parse(TEST_DEFAULTS.issueInstant) - 3_600_000;
  let clock = start;
  const entries: string[] = [];
  let size = 0;
  const push = (entry: object): void => {
    const json = JSON.stringify(entry);
    entries.push(json);
    size += json.length + 2;
  };

  const samlEvery = Math.max(1, Math.floor(options.targetBytes / 12_000 / (options.samlResponses.length + 1)));
  let samlPlaced = 0;
  for (let index = 0; size < options.targetBytes; index++) {
    clock += Math.floor(random() * 700);
    if (samlPlaced < options.samlResponses.length && index > 0 && index % samlEvery === 0) {
      for (const entry of ssoFlowEntries(options.samlResponses[samlPlaced]!, clock)) push(entry);
      samlPlaced++;
      clock += 5000;
      continue;
    }
    const kind = random();
    if (kind < 0.35) push(assetEntry(clock, `https://static.lightning.force.com/cdn/js/app-${String(index)}.js`, 'script', 'application/javascript', `window.__chunk${String(index)}=function(){return "${text(4000 + random() * 12_000)}"};`));
    else if (kind < 0.6) push(assetEntry(clock, `https://acme-voice.lightning.force.com/aura?r=${String(index)}`, 'xhr', 'application/json', JSON.stringify({ actions: [{ id: `${String(index)};a`, state: 'SUCCESS', returnValue: { records: Array.from({ length: 20 }, (_, n) => ({ Id: `500${String(n).padStart(12, '0')}`, Subject: text(80) })) } }] })));
    else if (kind < 0.8) push(assetEntry(clock, `https://acme-voice.lightning.force.com/img/icon-${String(index)}.png`, 'image', 'image/png', Buffer.from(text(3000)).toString('base64'), 'base64'));
    else if (kind < 0.95) push(assetEntry(clock, `https://static.lightning.force.com/cdn/css/theme-${String(index)}.css`, 'stylesheet', 'text/css', `.slds-${String(index)}{color:#${Math.floor(random() * 0xffffff).toString(16)}} /* ${text(6000)} */`));
    else push(assetEntry(clock, `https://acme-voice.lightning.force.com/lightning/r/Case/500${String(index).padStart(12, '0')}/view`, 'document', 'text/html', `<!doctype html><html><head><title>Case</title></head><body>${text(20_000)}</body></html>`));
  }
  const har = `{"log":{"version":"1.2","creator":{"name":"WebInspector","version":"537.36"},"pages":[{"startedDateTime":"${new Date(start).toISOString()}","id":"page_1","title":"Console","pageTimings":{"onContentLoad":812,"onLoad":1405}}],"entries":[\n${entries.join(',\n')}\n]}}`;
  return { text: har, entries: entries.length, samlFlows: samlPlaced };
}

function headers(pairs: Record<string, string>): { name: string; value: string }[] {
  return Object.entries(pairs).map(([name, value]) => ({ name, value }));
}

const REQUEST_HEADERS = {
  ':authority': 'acme-voice.lightning.force.com',
  accept: '*/*',
  'accept-encoding': 'gzip, deflate, br, zstd',
  'accept-language': 'en-US,en;q=0.9',
  'sec-ch-ua': '"Chromium";v="131", "Not_A Brand";v="24"',
  'sec-ch-ua-mobile': '?0',
  'sec-ch-ua-platform': '"Linux"',
  'sec-fetch-dest': 'empty',
  'sec-fetch-mode': 'cors',
  'sec-fetch-site': 'same-origin',
  'user-agent': 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36',
};

function entryFrame(time: number, method: string, url: string, resourceType: string, extra: { request?: object; response: object }): object {
  return {
    _initiator: { type: 'script' },
    _priority: 'High',
    _resourceType: resourceType,
    cache: {},
    pageref: 'page_1',
    request: {
      method,
      url,
      httpVersion: 'http/2.0',
      headers: headers(REQUEST_HEADERS),
      queryString: [],
      cookies: [{ name: 'sid', value: '00D5g000000abcd!AQ4AQ...' }],
      headersSize: -1,
      bodySize: 0,
      ...extra.request,
    },
    response: extra.response,
    serverIPAddress: '127.0.0.1',
    startedDateTime: new Date(time).toISOString(),
    time: 42.5,
    timings: { blocked: 1.2, dns: -1, ssl: -1, connect: -1, send: 0.1, wait: 38.4, receive: 2.8, _blocked_queueing: 0.9 },
  };
}

function assetEntry(time: number, url: string, resourceType: string, mimeType: string, body: string, encoding?: string): object {
  return entryFrame(time, 'GET', url, resourceType, {
    response: {
      status: 200,
      statusText: '',
      httpVersion: 'http/2.0',
      headers: headers({ 'content-type': mimeType, 'cache-control': 'max-age=31536000', date: new Date(time).toUTCString(), server: 'sfdcedge', 'x-content-type-options': 'nosniff' }),
      cookies: [],
      content: { size: body.length, mimeType, text: body, ...(encoding === undefined ? {} : { encoding }) },
      redirectURL: '',
      headersSize: -1,
      bodySize: -1,
      _transferSize: Math.floor(body.length / 3),
      _error: null,
    },
  });
}

function ssoFlowEntries(samlResponse: string, start: number): object[] {
  const relayState = TEST_DEFAULTS.federateUrl;
  const idpLogin = `https://${TEST_DEFAULTS.myDomainHost}/idp/login?app=${TEST_DEFAULTS.connectedAppId}&RelayState=${encodeURIComponent(relayState)}`;
  const form = `SAMLResponse=${encodeURIComponent(samlResponse)}&RelayState=${encodeURIComponent(relayState)}`;
  const page = (status: number, location: string, html: string, time: number) => ({
    status,
    statusText: status === 302 ? 'Found' : 'OK',
    httpVersion: 'http/2.0',
    headers: headers({ 'content-type': 'text/html;charset=UTF-8', date: new Date(time).toUTCString(), ...(location === '' ? {} : { location }) }),
    cookies: [],
    content: { size: html.length, mimeType: 'text/html', text: html },
    redirectURL: location,
    headersSize: -1,
    bodySize: -1,
    _transferSize: html.length,
    _error: null,
  });
  const autoPost = `<html><body onload="document.forms[0].submit()"><form method="post" action="${TEST_DEFAULTS.samlEndpoint}"><input type="hidden" name="SAMLResponse" value="${samlResponse}"/><input type="hidden" name="RelayState" value="${relayState}"/></form></body></html>`;
  return [
    entryFrame(start, 'GET', idpLogin, 'document', { response: page(200, '', autoPost, start) }),
    entryFrame(start + 400, 'POST', TEST_DEFAULTS.samlEndpoint, 'document', {
      request: {
        bodySize: form.length,
        postData: {
          mimeType: 'application/x-www-form-urlencoded',
          text: form,
          params: [
            { name: 'SAMLResponse', value: encodeURIComponent(samlResponse) },
            { name: 'RelayState', value: encodeURIComponent(relayState) },
          ],
        },
      },
      response: page(302, relayState, '', start + 400),
    }),
    entryFrame(start + 900, 'GET', relayState, 'document', { response: page(302, TEST_DEFAULTS.connectAppUrl, '', start + 900) }),
    entryFrame(start + 1400, 'GET', TEST_DEFAULTS.connectAppUrl, 'document', { response: page(200, '', '<html><head><title>Amazon Connect - Contact Control Panel</title></head><body>CCP</body></html>', start + 1400) }),
  ];
}
