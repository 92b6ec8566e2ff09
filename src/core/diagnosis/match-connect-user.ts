import type { ConnectUser } from './diagnosis-context.ts';

export interface ConnectUserMatch {
  /** The user whose username equals the name exactly (Connect compares case-sensitively). */
  readonly exact: ConnectUser | undefined;
  /** Without an exact match: a user whose username differs from the name only in letter case. */
  readonly caseOnly: ConnectUser | undefined;
}

/** Looks a RoleSessionName up in `aws connect list-users` output (seed 002 step 5). */
export function matchConnectUser(users: readonly ConnectUser[], name: string): ConnectUserMatch {
  const exact = users.find((user) => user.username === name);
  if (exact !== undefined) return { exact, caseOnly: undefined };
  const folded = name.toLowerCase();
  return { exact: undefined, caseOnly: users.find((user) => user.username.toLowerCase() === folded) };
}
