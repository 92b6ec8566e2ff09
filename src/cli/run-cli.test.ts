import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadCorpus } from '../testing/corpus.ts';
import { REPO_ROOT } from '../testing/repo-files.ts';
import { runCli, type CliIo } from './run-cli.ts';

interface Run {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
  readonly written: Map<string, string>;
}

async function cli(argv: readonly string[], files: Record<string, string> = {}): Promise<Run> {
  let stdout = '';
  let stderr = '';
  const written = new Map<string, string>();
  const io: CliIo = {
    readFile: async (path) => (path in files ? new TextEncoder().encode(files[path]) : new Uint8Array(await readFile(written.has(path) ? '/nonexistent' : path))),
    writeFile: (path, content) => {
      written.set(path, content);
      files[path] = content;
      return Promise.resolve();
    },
    stdout: (text) => (stdout += text),
    stderr: (text) => (stderr += text),
    now: () => '2026-11-23T12:00:00.000Z',
    randomSeed: () => 'test-seed-0123456789abcdef',
    version: '0.0.0-test',
  };
  const code = await runCli(argv, io);
  return { code, stdout, stderr, written };
}

const fixture = (name: string) => resolve(REPO_ROOT, 'fixtures', 'har', name);

/** The HAR fixtures recorded from the federation lab (scripts/record-har-fixtures.ts), with the verdict each must get. */
const HAR_FIXTURES = [
  ['sf-insufficient-privileges', 'sf-insufficient-privileges'],
  ['sf-data-not-available', 'sf-data-not-available'],
  ['aws-signature-invalid', 'aws-signature-invalid'],
  ['aws-issuer-mismatch', 'aws-issuer-mismatch'],
  ['connect-not-onboarded', 'connect-not-onboarded'],
  ['connect-ccp-unreachable', 'connect-ccp-unreachable'],
  ['aws-role-attribute-missing', 'aws-role-attribute-missing'],
  ['sso-healthy', 'sso-healthy'],
] as const;

interface JsonVerdict {
  readonly findings: readonly { readonly id: string; readonly severity: string; readonly title: string; readonly evidence: unknown[]; readonly remediation: unknown[] }[];
}

describe('sso-doctor diagnose', () => {
  it.each(HAR_FIXTURES)('gives the %s HAR fixture the %s verdict, primary first, in --json', async (name, expected) => {
    const run = await cli(['diagnose', fixture(`${name}.har`), '--json']);
    expect(run.code).toBe(0);
    const verdict = JSON.parse(run.stdout) as JsonVerdict;
    expect(verdict.findings[0]?.id).toBe(expected);
    for (const finding of verdict.findings) expect(Object.keys(finding)).toEqual(expect.arrayContaining(['id', 'severity', 'title', 'evidence', 'remediation']));
  });

  it('predicts the signature failure from the assertion and the AWS-side metadata alone', async () => {
    const har = JSON.parse(await readFile(fixture('aws-signature-invalid.har'), 'utf8')) as { log: { entries: { request: { method: string; postData?: { params?: { name: string; value: string }[] } } }[] } };
    const value = har.log.entries.find((entry) => entry.request.method === 'POST')?.request.postData?.params?.find((p) => p.name === 'SAMLResponse')?.value ?? '';
    const run = await cli(['diagnose', 'response.txt', '--json', '--metadata', fixture('aws-signature-invalid.aws-metadata.xml'), '--now', '2026-01-01T00:00:00Z'], { 'response.txt': `SAMLResponse=${value}` });
    expect(run.code).toBe(0);
    const verdict = JSON.parse(run.stdout) as JsonVerdict;
    expect(verdict.findings.map((f) => f.id)).toContain('aws-signature-invalid');
  });

  it('prints a short human verdict: what, why, then numbered steps', async () => {
    const run = await cli(['diagnose', fixture('sf-insufficient-privileges.har')]);
    expect(run.stdout.split('\n')[0]).toMatch(/^✖ .*\[sf-insufficient-privileges\]$/);
    expect(run.stdout).toMatch(/What to do:\n\s+1\. /);
  });

  it('exits 2 with a one-line reason on unusable input', async () => {
    const garbage = await cli(['diagnose', 'x.txt'], { 'x.txt': 'this is not SAML at all!' });
    expect(garbage.code).toBe(2);
    expect(garbage.stderr.trim().split('\n')).toHaveLength(1);
    const missing = await cli(['diagnose', '/nonexistent/file.har']);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/no such file/);
    const usage = await cli(['diagnose']);
    expect(usage.code).toBe(2);
    const har = await cli(['diagnose', 'empty.har'], { 'empty.har': JSON.stringify({ log: { version: '1.2', entries: [] } }) });
    expect(har.code).toBe(2);
  });

  it('compares the RoleSessionName with the username --username-format predicts, and refuses an unknown placeholder', async () => {
    const follows = await cli(['diagnose', fixture('connect-not-onboarded.har'), '--username-format', '{Alias}@{UserId}@{OrgId}']);
    expect(follows.stdout).toMatch(/RoleSessionName and your Connect username format: saw jvoss@\S+ follows your username format \{Alias\}@\{UserId\}@\{OrgId\}/);
    const differs = await cli(['diagnose', fixture('connect-not-onboarded.har'), '--username-format', '{Username}']);
    expect(differs.stdout).toContain('expected per your username format {Username}: jordan.voss@acmevoice.example');
    const bad = await cli(['diagnose', fixture('connect-not-onboarded.har'), '--username-format', '{Nickname}']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('Unknown placeholder {Nickname}');
  });

  it('uses the Connect user list to tell a letter-case mismatch from a missing user', async () => {
    const har = await readFile(fixture('connect-not-onboarded.har'), 'utf8');
    const roleSessionName = /jvoss@[0-9A-Za-z]+@[0-9A-Za-z]+/.exec(Buffer.from(decodeURIComponent(/"name": "SAMLResponse",\s*"value": "([^"]+)"/.exec(har)?.[1] ?? ''), 'base64').toString('utf8'))?.[0] ?? '';
    expect(roleSessionName).not.toBe('');
    const users = JSON.stringify({ UserSummaryList: [{ Id: 'u1', Username: roleSessionName.toUpperCase() }] });
    const run = await cli(['diagnose', fixture('connect-not-onboarded.har'), '--json', '--users', 'users.json'], { 'users.json': users });
    expect((JSON.parse(run.stdout) as JsonVerdict).findings[0]?.id).toBe('connect-username-case-mismatch');
  });
});

describe('sso-doctor redact', () => {
  it.each(HAR_FIXTURES)('writes a redacted %s HAR that diagnoses to the same verdict', async (name, expected) => {
    const redacted = await cli(['redact', fixture(`${name}.har`), '-o', 'out.har']);
    expect(redacted.code).toBe(0);
    const text = redacted.written.get('out.har') ?? '';
    expect(text).not.toMatch(/SignatureValue>[A-Za-z0-9+/]{20}/);
    const again = await cli(['diagnose', 'out.har', '--json'], { 'out.har': text });
    expect((JSON.parse(again.stdout) as JsonVerdict).findings[0]?.id).toBe(expected);
  });
});

describe('a redacted HAR re-imported into the CLI', () => {
  async function redactedHealthyHar(): Promise<Record<string, string>> {
    const redacted = await cli(['redact', fixture('sso-healthy.har'), '-o', 'out.har']);
    expect(redacted.code).toBe(0);
    return { 'out.har': redacted.written.get('out.har') ?? '' };
  }

  it('inspect labels each signature outcome as attested by the exporting extension, not re-verified', async () => {
    const files = await redactedHealthyHar();
    const text = await cli(['inspect', 'out.har'], files);
    expect(text.code).toBe(0);
    const signatureLines = text.stdout.split('\n').filter((line) => /^\s+Signature \d/.test(line));
    expect(signatureLines.length).toBeGreaterThan(0);
    for (const line of signatureLines) expect(line).toMatch(/valid\S* \(attested by the exporting extension, not re-verified\) on /);
    const json = JSON.parse((await cli(['inspect', 'out.har', '--json'], files)).stdout) as { summary: { signatures: { outcome: string; basis: string; basisNote?: string }[] } };
    expect(json.summary.signatures.map((s) => [s.basis, s.basisNote])).toEqual(json.summary.signatures.map(() => ['attested', 'attested by the exporting extension, not re-verified']));
    expect(json.summary.signatures.every((s) => s.outcome !== 'invalid')).toBe(true);
  });

  it('diagnose says in text and JSON that the signature outcomes were attested, not re-verified', async () => {
    const files = await redactedHealthyHar();
    const text = await cli(['diagnose', 'out.har'], files);
    expect(text.stdout).toMatch(/\n {2}Signatures: .+ \(attested by the exporting extension, not re-verified\)/);
    const json = JSON.parse((await cli(['diagnose', 'out.har', '--json'], files)).stdout) as { findings: { id: string }[]; signatures: { basis: string }[] };
    expect(json.findings[0]?.id).toBe('sso-healthy');
    expect(json.signatures.length).toBeGreaterThan(0);
    expect(json.signatures.every((s) => s.basis === 'attested')).toBe(true);
  });

  it('does not call outcomes it verified itself attested', async () => {
    const text = await cli(['inspect', fixture('sso-healthy.har')]);
    expect(text.stdout).toMatch(/Signature 1/);
    expect(text.stdout).not.toContain('not re-verified');
    expect((await cli(['diagnose', fixture('sso-healthy.har')])).stdout).not.toContain('not re-verified');
  });
});

const corpus = loadCorpus();

describe.runIf(corpus !== undefined)('sso-doctor inspect', () => {
  it.each((corpus?.messages ?? []).map((entry) => [entry.file]))('summarises %s', async (file) => {
    const run = await cli(['inspect', resolve(REPO_ROOT, '..', 'shared', 'corpus', file)]);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/Message\s+\S+/);
  });

  it('prints JSON with the message facts and signature outcomes', async () => {
    const run = await cli([
      'inspect',
      resolve(REPO_ROOT, '..', 'shared', 'corpus', 'kolide-fleet/server/sso/validate_test.go.testResponse.salesforce.b64'),
      '--json',
      '--metadata',
      resolve(REPO_ROOT, '..', 'shared', 'corpus', 'kolide-fleet/server/sso/validate_test.go.testMetadata.salesforce-idp-metadata.xml'),
    ]);
    const summary = JSON.parse(run.stdout) as { summary: { issuer: string; signatures: { outcome: string }[] } };
    expect(summary.summary.issuer).toBe('https://kolide-dev-ed.my.salesforce.com');
    expect(summary.summary.signatures.map((s) => s.outcome)).toEqual(['valid', 'valid']);
  });
});
