import { describe, expect, it } from 'vitest';
import { parseCliArgs } from './parse-cli-args.ts';

describe('parseCliArgs', () => {
  it('parses diagnose with every option, in both --flag value and --flag=value forms', () => {
    const result = parseCliArgs(['diagnose', 'login.har', '--json', '--metadata', 'idp.xml', '--users=users.json', '--now', '2026-01-01T00:00:00Z', '--expect-issuer', 'https://acme.my.salesforce.com']);
    expect(result).toEqual({
      ok: true,
      value: {
        command: 'diagnose',
        file: 'login.har',
        options: {
          json: true,
          metadata: 'idp.xml',
          certificate: undefined,
          now: '2026-01-01T00:00:00Z',
          users: 'users.json',
          expectIssuer: 'https://acme.my.salesforce.com',
          region: undefined,
          instanceId: undefined,
          usernameFormat: undefined,
        },
      },
    });
  });

  it('parses the Connect username format of diagnose', () => {
    const result = parseCliArgs(['diagnose', 'login.har', '--username-format', '{Alias}@{UserId}@{OrgId}']);
    expect(result.ok && result.value.command === 'diagnose' ? result.value.options.usernameFormat : undefined).toBe('{Alias}@{UserId}@{OrgId}');
  });

  it('parses redact with its output file', () => {
    expect(parseCliArgs(['redact', 'in.har', '-o', 'out.har'])).toEqual({ ok: true, value: { command: 'redact', file: 'in.har', output: 'out.har', seed: undefined } });
  });

  it('rejects an unknown command, a missing file, a flag without value and a bad --now', () => {
    expect(parseCliArgs(['fix', 'x']).ok).toBe(false);
    expect(parseCliArgs(['diagnose']).ok).toBe(false);
    expect(parseCliArgs(['diagnose', 'x', '--metadata']).ok).toBe(false);
    expect(parseCliArgs(['diagnose', 'x', '--now', 'yesterday']).ok).toBe(false);
    expect(parseCliArgs(['inspect', 'x', '--bogus']).ok).toBe(false);
  });

  it('treats no arguments as a request for help', () => {
    expect(parseCliArgs([])).toEqual({ ok: true, value: { command: 'help' } });
  });
});
