/**
 * `npm start`: the built extension in Debian's Chromium against the federation lab, one scenario
 * (or several) run end to end the way an agent would: open the popup, press Diagnose, paste the
 * Telephony Provider Settings link once, watch the sign-in. Prints the verdict the extension
 * reached and where the screenshots are. `npm run build` runs first (package.json).
 *
 *   npm start                                   aws-signature-invalid, headless
 *   npm start -- --scenario connect-not-onboarded,sso-healthy
 *   npm start -- --list
 *   npm start -- --headed [--scenario …]        a visible browser; the lab keeps running until Ctrl-C
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';
import { isLabScenarioName, LAB_SCENARIO_NAMES, LAB_SCENARIOS, type LabScenarioName } from '../lab/scenarios.ts';
import { startLab, type Lab } from '../lab/start-lab.ts';
import { PopupPage } from '../e2e/pages/popup-page.ts';
import { ReportPage } from '../e2e/pages/report-page.ts';
import { expectedPopupVerdict, NEEDS_EVIDENCE } from '../e2e/support/lab-expectations.ts';
import { CHROMIUM_PATH, launchLabBrowser, type LabBrowser } from '../e2e/support/lab-browser.ts';

const ROOT = resolve(import.meta.dirname, '..');
const OUT = join(ROOT, 'test-results', 'npm-start');
const DEFAULT_SCENARIO: LabScenarioName = 'aws-signature-invalid';
const UNDER_XVFB = 'SSO_DOCTOR_START_UNDER_XVFB';

const USAGE = `usage: npm start [-- --scenario <name>[,<name>…]] [--headed] [--list]

  --scenario  lab scenario(s) to run (default ${DEFAULT_SCENARIO}); --list shows them all
  --headed    open a visible Chromium and keep the lab running until Ctrl-C
              (without a display it re-runs itself under xvfb-run when that is installed)`;

function scenarioList(): string {
  const width = Math.max(...LAB_SCENARIO_NAMES.map((n) => n.length));
  return LAB_SCENARIO_NAMES.map((name) => `  ${name.padEnd(width)}  ${LAB_SCENARIOS[name].description}`).join('\n');
}

function hasCommand(command: string): boolean {
  return spawnSync('sh', ['-c', `command -v ${command}`], { stdio: 'ignore' }).status === 0;
}

/** Headed without a display: run this script again under a virtual X server, or say why not. */
function reexecUnderXvfb(): Promise<number> | undefined {
  if (process.env['DISPLAY'] !== undefined && process.env['DISPLAY'] !== '') return undefined;
  if (process.env[UNDER_XVFB] === '1') return Promise.resolve(fail('xvfb-run started, but DISPLAY is still not set.'));
  if (!hasCommand('xvfb-run')) {
    return Promise.resolve(
      fail(
        [
          'There is no display (DISPLAY is not set), so a visible browser cannot open.',
          'Either run it where there is a desktop, or install a virtual one and try again:',
          '  apt-get install -y xvfb      # then: npm start -- --headed',
          'Without --headed, npm start runs the same scenario headless and writes screenshots.',
        ].join('\n'),
      ),
    );
  }
  console.log('No display: running under xvfb-run (a virtual X server; use a VNC viewer or screenshots to look at it).');
  const child = spawn('xvfb-run', ['-a', process.execPath, '--import', 'tsx', import.meta.filename, ...process.argv.slice(2)], {
    stdio: 'inherit',
    env: { ...process.env, [UNDER_XVFB]: '1' },
  });
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.on(signal, () => {
      child.kill(signal);
    });
  }
  return new Promise((done) => {
    child.on('exit', (code) => {
      done(code ?? 1);
    });
  });
}

function fail(message: string): number {
  console.error(message);
  return 2;
}

interface Verdict {
  readonly id: string;
  readonly title: string;
  readonly summary: string;
}

/** One scenario as a user runs it: popup → Diagnose (link entered once) → the verdict, then the report page. */
async function runScenario(lab: Lab, browser: LabBrowser, popup: PopupPage, name: LabScenarioName): Promise<{ verdict: Verdict | undefined; shots: string[] }> {
  lab.setScenario(name);
  await browser.call('clearFlows');
  await browser.context.clearCookies();
  await popup.emptyState.waitFor();
  await popup.diagnose(lab.urls.telephonyProviderSettings);

  let verdict: Verdict | undefined;
  try {
    verdict = (await browser.settledFlow(30_000)).diagnosis?.primary;
  } catch (error) {
    console.error(error instanceof Error ? error.message : error);
  }
  if (verdict === undefined) return { verdict, shots: [] };
  await popup.verdict.waitFor();

  mkdirSync(OUT, { recursive: true });
  const popupShot = join(OUT, `${name}-popup.png`);
  const reportShot = join(OUT, `${name}-report.png`);
  await popup.screenshot(popupShot);
  const report = new ReportPage(await popup.openReport());
  await report.verdict.waitFor();
  await report.screenshot(reportShot);
  await popup.page.bringToFront();
  return { verdict, shots: [popupShot, reportShot] };
}

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: {
      scenario: { type: 'string', default: DEFAULT_SCENARIO },
      headed: { type: 'boolean', default: false },
      list: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
    strict: true,
  });
  if (values.help) {
    console.log(USAGE);
    return 0;
  }
  if (values.list) {
    console.log(scenarioList());
    return 0;
  }
  const names = values.scenario.split(',').map((s) => s.trim()).filter((s) => s !== '');
  const unknown = names.filter((n) => !isLabScenarioName(n));
  if (unknown.length > 0 || names.length === 0) return fail(`unknown scenario ${unknown.map((n) => `"${n}"`).join(', ')}\n${USAGE}\n\nscenarios:\n${scenarioList()}`);
  const scenarios = names.filter(isLabScenarioName);
  if (!existsSync(CHROMIUM_PATH)) return fail(`No Chromium at ${CHROMIUM_PATH}. Install Debian's: apt-get install -y chromium (or set CHROMIUM_PATH).`);
  if (values.headed) {
    const child = reexecUnderXvfb();
    if (child !== undefined) return child;
  }

  const lab = await startLab({ scenario: scenarios[0] ?? DEFAULT_SCENARIO });
  let browser: LabBrowser | undefined;
  try {
    browser = await launchLabBrowser(lab, { headless: !values.headed, args: values.headed ? ['--window-size=1280,900'] : [] });
    console.log(`Federation lab on 127.0.0.1:${String(lab.port)}; Chromium ${values.headed ? 'window open' : 'headless'} with the extension ${browser.extensionId}.\n`);
    const popup = await PopupPage.open(await browser.context.newPage(), browser.urls.popup);
    let mismatches = 0;
    for (const name of scenarios) {
      const started = Date.now();
      const { verdict, shots } = await runScenario(lab, browser, popup, name);
      const seconds = ((Date.now() - started) / 1000).toFixed(1);
      console.log(`▶ ${name} — ${LAB_SCENARIOS[name].description}`);
      if (verdict === undefined) {
        mismatches += 1;
        console.log(`  no verdict within 30 s\n`);
        continue;
      }
      const expected = expectedPopupVerdict(name);
      if (verdict.id !== expected) mismatches += 1;
      console.log(`  verdict   ${verdict.id}  (${seconds} s; ${verdict.id === expected ? 'as expected' : `expected ${expected}`})`);
      console.log(`  title     ${verdict.title}`);
      console.log(`  summary   ${verdict.summary}`);
      if (NEEDS_EVIDENCE[name] !== undefined) console.log(`  note      ${LAB_SCENARIOS[name].catalogId} needs the Connect user list: import it on the report page.`);
      for (const shot of shots) console.log(`  screenshot ${relative(process.cwd(), shot)}`);
      console.log('');
    }
    if (!values.headed) return mismatches === 0 ? 0 : 1;

    console.log(
      [
        'The browser stays open. Things to try:',
        `  the extension's popup (or its toolbar button): ${browser.urls.popup}`,
        `  the Salesforce console page (sign-in in a hidden iframe): ${lab.urls.consolePage}`,
        `  the Telephony Provider Settings link: ${lab.urls.telephonyProviderSettings}`,
        'Type a scenario name and Enter to switch the lab (--list shows them); Ctrl-C stops everything.',
      ].join('\n'),
    );
    await new Promise<void>((done) => {
      const input = createInterface({ input: process.stdin });
      input.on('line', (line) => {
        const name = line.trim();
        if (name === '') return;
        if (isLabScenarioName(name)) {
          lab.setScenario(name);
          console.log(`lab scenario: ${name} — ${LAB_SCENARIOS[name].description}`);
        } else console.log(`unknown scenario "${name}"`);
      });
      process.once('SIGINT', done);
      process.once('SIGTERM', done);
      browser?.context.once('close', () => {
        done();
      });
      input.once('close', () => {
        // stdin closed (not a terminal): keep running until a signal or the window closes.
      });
    });
    return 0;
  } finally {
    await browser?.close().catch(() => undefined);
    await lab.close();
  }
}

main().then(
  (code) => {
    process.exitCode = code;
    // readline on stdin would keep the process alive.
    process.exit(code);
  },
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
