import type { ConnectUser } from '../diagnosis/diagnosis-context.ts';
import { problem, type Problem } from '../problem.ts';

export type ConnectUsersRead = { readonly ok: true; readonly users: readonly ConnectUser[] } | { readonly ok: false; readonly problems: readonly Problem[] };

/**
 * Reads the output of `aws connect list-users --instance-id <id>` (JSON with `UserSummaryList`),
 * several pages of it concatenated as a JSON array, or a plain list of usernames one per line.
 * Usernames are kept exactly: Connect matches RoleSessionName to them case-sensitively.
 */
export function readConnectUsers(text: string): ConnectUsersRead {
  const trimmed = text.trim();
  if (trimmed === '') return { ok: false, problems: [problem('users-empty', 'error', 'The Connect user list is empty.')] };
  if (!/^[[{]/.test(trimmed)) {
    const users = trimmed
      .split(/\r?\n/)
      .map((line) => line.trim())
      .filter((line) => line !== '')
      .map((username) => ({ username }));
    return { ok: true, users };
  }
  let json: unknown;
  try {
    json = JSON.parse(trimmed);
  } catch (error) {
    return {
      ok: false,
      problems: [problem('users-invalid', 'error', `The Connect user list is not valid JSON: ${error instanceof Error ? error.message : String(error)}`)],
    };
  }
  const pages = Array.isArray(json) ? json : [json];
  const users: ConnectUser[] = [];
  for (const page of pages) {
    const list = isRecord(page) ? page['UserSummaryList'] : undefined;
    if (!Array.isArray(list)) {
      return {
        ok: false,
        problems: [problem('users-invalid', 'error', 'Expected the JSON printed by `aws connect list-users` (an object with a UserSummaryList array).')],
      };
    }
    for (const entry of list) {
      if (!isRecord(entry) || typeof entry['Username'] !== 'string') continue;
      const user: { username: string; id?: string; arn?: string } = { username: entry['Username'] };
      if (typeof entry['Id'] === 'string') user.id = entry['Id'];
      if (typeof entry['Arn'] === 'string') user.arn = entry['Arn'];
      users.push(user);
    }
  }
  return { ok: true, users };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
