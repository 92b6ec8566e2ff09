import { describe, expect, it } from 'vitest';
import { parseUsernameFormat } from './parse-username-format.ts';

describe('parseUsernameFormat', () => {
  it('splits the Salesforce Voice format into placeholders and the literal @ signs', () => {
    expect(parseUsernameFormat('{Alias}@{UserId}@{OrgId}')).toEqual({
      ok: true,
      parts: [{ placeholder: 'Alias' }, { literal: '@' }, { placeholder: 'UserId' }, { literal: '@' }, { placeholder: 'OrgId' }],
    });
  });

  it('accepts every documented placeholder', () => {
    expect(parseUsernameFormat('{UserId}{OrgId}{Username}{Email}{FederationId}{Alias}').ok).toBe(true);
  });

  it('refuses an unknown placeholder, naming it and the ones it knows', () => {
    const parsed = parseUsernameFormat('{Nickname}@{OrgId}');
    expect(parsed.ok).toBe(false);
    if (parsed.ok) return;
    expect(parsed.message).toContain('Unknown placeholder {Nickname}');
    expect(parsed.message).toContain('{UserId}, {OrgId}, {Username}, {Email}, {FederationId}, {Alias}');
  });

  it('suggests the right spelling of a placeholder written in another letter case', () => {
    const parsed = parseUsernameFormat('{userid}@{OrgId}');
    expect(parsed.ok ? '' : parsed.message).toContain('did you mean {UserId}?');
  });

  it('refuses unbalanced braces, a format without placeholders and too many placeholders', () => {
    expect(parseUsernameFormat('{UserId@{OrgId}').ok).toBe(false);
    expect(parseUsernameFormat('{UserId}@OrgId}').ok).toBe(false);
    expect(parseUsernameFormat('{UserId').ok).toBe(false);
    expect(parseUsernameFormat('jdoe@example.com').ok).toBe(false);
    expect(parseUsernameFormat('{Alias}'.repeat(9)).ok).toBe(false);
  });
});
