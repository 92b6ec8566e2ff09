import { describe, expect, it } from 'vitest';
import { readConnectUsers } from './read-connect-users.ts';

describe('readConnectUsers', () => {
  it('reads the UserSummaryList printed by aws connect list-users, keeping the exact case', () => {
    const result = readConnectUsers(
      JSON.stringify({
        UserSummaryList: [
          { Id: 'u-1', Arn: 'arn:aws:connect:us-east-1:123456789012:instance/i/agent/u-1', Username: 'JDoe@005@00D' },
          { Id: 'u-2', Username: 'asmith' },
        ],
      }),
    );
    expect(result).toEqual({
      ok: true,
      users: [
        { username: 'JDoe@005@00D', id: 'u-1', arn: 'arn:aws:connect:us-east-1:123456789012:instance/i/agent/u-1' },
        { username: 'asmith', id: 'u-2' },
      ],
    });
  });

  it('accepts several pages concatenated as a JSON array', () => {
    const result = readConnectUsers(JSON.stringify([{ UserSummaryList: [{ Username: 'a' }] }, { UserSummaryList: [{ Username: 'b' }] }]));
    expect(result.ok && result.users.map((u) => u.username)).toEqual(['a', 'b']);
  });

  it('accepts a plain list of usernames, one per line', () => {
    const result = readConnectUsers('alice\n  bob  \n\n');
    expect(result.ok && result.users.map((u) => u.username)).toEqual(['alice', 'bob']);
  });

  it('reports malformed JSON instead of throwing', () => {
    const result = readConnectUsers('{"UserSummaryList": [');
    expect(result.ok).toBe(false);
    expect(!result.ok && result.problems[0]?.code).toBe('users-invalid');
  });

  it('reports JSON of the wrong shape', () => {
    const result = readConnectUsers('{"Users": []}');
    expect(!result.ok && result.problems[0]?.message).toMatch(/UserSummaryList/);
  });
});
