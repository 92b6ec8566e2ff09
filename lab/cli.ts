import { parseArgs } from 'node:util';
import { isLabScenarioName, LAB_SCENARIO_NAMES, LAB_SCENARIOS } from './scenarios.ts';
import { startLab } from './start-lab.ts';

const USAGE = 'usage: node --import tsx lab/cli.ts --scenario <name> [--port N]\n       node --import tsx lab/cli.ts --list';

function scenarioList(): string {
  const width = Math.max(...LAB_SCENARIO_NAMES.map((n) => n.length));
  return LAB_SCENARIO_NAMES.map((name) => `  ${name.padEnd(width)}  ${LAB_SCENARIOS[name].description}`).join('\n');
}

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: { scenario: { type: 'string', default: 'sso-healthy' }, port: { type: 'string' }, list: { type: 'boolean', default: false } },
    strict: true,
  });
  if (values.list) {
    console.log(scenarioList());
    return 0;
  }
  if (!isLabScenarioName(values.scenario)) {
    console.error(`unknown scenario "${values.scenario}"\n${USAGE}\n\nscenarios:\n${scenarioList()}`);
    return 2;
  }
  const port = values.port === undefined ? 0 : Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    console.error(`--port must be a port number\n${USAGE}`);
    return 2;
  }

  const lab = await startLab({ scenario: values.scenario, port });
  console.log(
    [
      `Federation lab on https://127.0.0.1:${String(lab.port)} — scenario ${lab.scenario}: ${LAB_SCENARIOS[lab.scenario].description}`,
      '',
      'Start Chromium with:',
      `  chromium --ignore-certificate-errors --host-resolver-rules="${lab.hostResolverRules}" --user-data-dir=$(mktemp -d)`,
      '(the quotes are for the shell; Playwright takes the value without them)',
      '',
      'host-resolver-rules:',
      `  ${lab.hostResolverRules}`,
      '',
      `Telephony Provider Settings link:\n  ${lab.urls.telephonyProviderSettings}`,
      `Console page (SSO in a hidden iframe):\n  ${lab.urls.consolePage}`,
      '',
      'Press Ctrl+C to stop.',
    ].join('\n'),
  );
  await new Promise<void>((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
  });
  await lab.close();
  return 0;
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  },
);
