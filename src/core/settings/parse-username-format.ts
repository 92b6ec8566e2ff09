/**
 * The placeholders a Connect username format may use, and where a diagnosis reads each one
 * (domain.md §1.4, §5.4, §5.5):
 * - `UserId`: the Salesforce user id, from the assertion's `userId` attribute (15 or 18 characters:
 *   both forms match).
 * - `OrgId`: the Salesforce org id, from the IAM identity provider name `SalesforceVoiceIdp_<OrgId>`
 *   in the Role attribute (the name Salesforce Voice gives it); 15 or 18 characters.
 * - `Username`: the Salesforce username, from the `username` attribute.
 * - `Email`: the user's e-mail address, from the `email` attribute.
 * - `FederationId`: the NameID (Salesforce puts the Federation ID there when the connected app's
 *   Subject Type is Federation ID).
 * - `Alias`: the user's Alias; the assertion does not carry it, so any value is accepted in its place.
 */
export const USERNAME_FORMAT_PLACEHOLDERS = ['UserId', 'OrgId', 'Username', 'Email', 'FederationId', 'Alias'] as const;

export type UsernameFormatPlaceholder = (typeof USERNAME_FORMAT_PLACEHOLDERS)[number];

export type UsernameFormatPart = { readonly literal: string } | { readonly placeholder: UsernameFormatPlaceholder };

export type UsernameFormatParse =
  | { readonly ok: true; readonly parts: readonly UsernameFormatPart[] }
  | { readonly ok: false; readonly message: string };

/** More placeholders than any real username format has: keeps matching cheap. */
const MAX_PLACEHOLDERS = 8;
const KNOWN: ReadonlySet<string> = new Set(USERNAME_FORMAT_PLACEHOLDERS);

/**
 * Reads a format such as `{Alias}@{UserId}@{OrgId}` into literal text and placeholders. Refuses
 * unknown placeholders (naming the ones it knows), unbalanced braces, a format without any
 * placeholder and more than eight placeholders. Never throws.
 */
export function parseUsernameFormat(format: string): UsernameFormatParse {
  const parts: UsernameFormatPart[] = [];
  let placeholders = 0;
  let rest = format;
  while (rest !== '') {
    const open = rest.indexOf('{');
    const close = rest.indexOf('}');
    if (close >= 0 && (open < 0 || close < open)) return { ok: false, message: `The Connect username format has a "}" without a matching "{". ${knownList()}` };
    if (open < 0) {
      parts.push({ literal: rest });
      break;
    }
    if (open > 0) parts.push({ literal: rest.slice(0, open) });
    const end = rest.indexOf('}', open);
    if (end < 0) return { ok: false, message: `The Connect username format has a "{" without a matching "}". ${knownList()}` };
    const name = rest.slice(open + 1, end);
    if (!KNOWN.has(name)) {
      const suggestion = USERNAME_FORMAT_PLACEHOLDERS.find((known) => known.toLowerCase() === name.trim().toLowerCase());
      return {
        ok: false,
        message: `Unknown placeholder {${name.slice(0, 40)}} in the Connect username format${suggestion === undefined ? '' : ` (did you mean {${suggestion}}?)`}. ${knownList()}`,
      };
    }
    placeholders++;
    if (placeholders > MAX_PLACEHOLDERS) return { ok: false, message: `The Connect username format has more than ${String(MAX_PLACEHOLDERS)} placeholders.` };
    parts.push({ placeholder: name as UsernameFormatPlaceholder }); // -- reason: checked against KNOWN above
    rest = rest.slice(end + 1);
  }
  if (placeholders === 0) return { ok: false, message: `The Connect username format has no placeholder, so it names one user only. ${knownList()}` };
  return { ok: true, parts };
}

function knownList(): string {
  return `Placeholders: ${USERNAME_FORMAT_PLACEHOLDERS.map((name) => `{${name}}`).join(', ')}; for example {Alias}@{UserId}@{OrgId}.`;
}
