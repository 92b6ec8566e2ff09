/** The command line, parsed. Pure: `runCli` does the I/O. */
export type CliCommand =
  | { readonly command: 'diagnose'; readonly file: string; readonly options: DiagnoseOptions }
  | { readonly command: 'inspect'; readonly file: string; readonly options: InspectOptions }
  | { readonly command: 'redact'; readonly file: string; readonly output: string | undefined; readonly seed: string | undefined }
  | { readonly command: 'help' }
  | { readonly command: 'version' };

export interface InspectOptions {
  readonly json: boolean;
  readonly metadata: string | undefined;
  readonly certificate: string | undefined;
  readonly now: string | undefined;
}

export interface DiagnoseOptions extends InspectOptions {
  readonly users: string | undefined;
  readonly expectIssuer: string | undefined;
  readonly region: string | undefined;
  readonly instanceId: string | undefined;
  /** How Connect usernames are built, e.g. `{Alias}@{UserId}@{OrgId}` (as the extension setting). */
  readonly usernameFormat: string | undefined;
}

export type CliParse = { readonly ok: true; readonly value: CliCommand } | { readonly ok: false; readonly error: string };

export const USAGE = `Usage:
  sso-doctor diagnose <file> [--json] [--metadata <xml>] [--users <json>] [--now <iso>] [--expect-issuer <url>]
                             [--cert <pem>] [--region <region>] [--instance-id <id>] [--username-format <format>]
  sso-doctor inspect <file> [--json] [--metadata <xml>] [--cert <pem>] [--now <iso>]
  sso-doctor redact <har> -o <out.har>

<file> is a HAR 1.2 file, a file holding a SAMLResponse (base64, URL-encoded or not, or a
form body / query string), or a SAML XML file.
  --metadata     AWS-side IdP metadata (aws iam get-saml-provider output or the XML itself)
  --users        output of \`aws connect list-users --instance-id <id>\` (JSON) or one username per line
  --now          evaluate times as of this ISO-8601 instant instead of the current time
  --username-format  how Connect usernames are built, e.g. {Alias}@{UserId}@{OrgId}; placeholders
                 {UserId} {OrgId} {Username} {Email} {FederationId} {Alias}
  --json         machine-readable output
Exit status: 0 when the tool ran (whatever it found), 2 on unusable input.`;

const VALUE_FLAGS: Record<string, string> = {
  '--metadata': 'metadata',
  '--users': 'users',
  '--now': 'now',
  '--expect-issuer': 'expectIssuer',
  '--cert': 'certificate',
  '--region': 'region',
  '--instance-id': 'instanceId',
  '--username-format': 'usernameFormat',
  '-o': 'output',
  '--output': 'output',
  '--seed': 'seed',
};

export function parseCliArgs(argv: readonly string[]): CliParse {
  const [command, ...rest] = argv;
  if (command === undefined || command === 'help' || command === '--help' || command === '-h') return { ok: true, value: { command: 'help' } };
  if (command === '--version' || command === 'version') return { ok: true, value: { command: 'version' } };
  if (command !== 'diagnose' && command !== 'inspect' && command !== 'redact') {
    return { ok: false, error: `unknown command "${command}" (expected diagnose, inspect or redact)` };
  }
  const values: Record<string, string> = {};
  const positional: string[] = [];
  let json = false;
  for (let i = 0; i < rest.length; i++) {
    const arg = rest[i] ?? '';
    if (arg === '--json') {
      json = true;
      continue;
    }
    const eq = arg.indexOf('=');
    const flag = arg.startsWith('--') && eq > 0 ? arg.slice(0, eq) : arg;
    const key = VALUE_FLAGS[flag];
    if (key !== undefined) {
      const value = arg.startsWith('--') && eq > 0 ? arg.slice(eq + 1) : rest[++i];
      if (value === undefined || value === '') return { ok: false, error: `${flag} needs a value` };
      values[key] = value;
      continue;
    }
    if (arg.startsWith('-') && arg !== '-') return { ok: false, error: `unknown option ${arg}` };
    positional.push(arg);
  }
  const file = positional[0];
  if (file === undefined) return { ok: false, error: `${command} needs a file` };
  if (positional.length > 1) return { ok: false, error: `unexpected argument "${positional[1] ?? ''}"` };
  if (values['now'] !== undefined && Number.isNaN(Date.parse(values['now']))) {
    return { ok: false, error: `--now "${values['now']}" is not an ISO-8601 time` };
  }
  if (command === 'redact') return { ok: true, value: { command, file, output: values['output'], seed: values['seed'] } };
  const inspect: InspectOptions = { json, metadata: values['metadata'], certificate: values['certificate'], now: values['now'] };
  if (command === 'inspect') return { ok: true, value: { command, file, options: inspect } };
  return {
    ok: true,
    value: {
      command,
      file,
      options: { ...inspect, users: values['users'], expectIssuer: values['expectIssuer'], region: values['region'], instanceId: values['instanceId'], usernameFormat: values['usernameFormat'] },
    },
  };
}
