/**
 * Indents XML for display by cutting the original string into tokens: every tag, attribute value,
 * text and comment is shown exactly as received (entities stay encoded, quotes stay as sent), so
 * what the reader sees is what was signed. Only whitespace-only text between tags is replaced by
 * line breaks. Never builds a DOM and never serialises anything.
 */
export interface PrettyXml {
  readonly lines: readonly XmlLine[];
  /** Input or output limits were reached; the raw view still has everything. */
  readonly truncated: boolean;
  /** Tags did not balance or a construct was unterminated (display continues regardless). */
  readonly wellFormed: boolean;
}

export interface XmlLine {
  readonly depth: number;
  readonly parts: readonly XmlPart[];
}

export type XmlPartKind = 'punct' | 'name' | 'attr-name' | 'attr-value' | 'text' | 'comment' | 'cdata' | 'pi';

export interface XmlPart {
  readonly kind: XmlPartKind;
  readonly text: string;
  /** A field the admin looks for first (Issuer, Audience, times, Role, ...). */
  readonly field?: HighlightField;
  /** Text with leading or trailing whitespace: AWS rejects padded Role / RoleSessionName values. */
  readonly padded?: boolean;
}

export type HighlightField = 'issuer' | 'audience' | 'destination' | 'recipient' | 'time' | 'role' | 'role-session-name' | 'session-duration' | 'name-id';

const MAX_INPUT_CHARS = 2_000_000;
const MAX_LINES = 20_000;

const TIME_ATTRIBUTES = new Set(['IssueInstant', 'NotBefore', 'NotOnOrAfter', 'SessionNotOnOrAfter', 'AuthnInstant']);
const ELEMENT_TEXT_FIELDS: Readonly<Record<string, HighlightField>> = { Issuer: 'issuer', Audience: 'audience', NameID: 'name-id' };
// IAM "Configuring SAML assertions for the authentication response" names these attributes.
const AWS_ATTRIBUTE_FIELDS: Readonly<Record<string, HighlightField>> = {
  'https://aws.amazon.com/SAML/Attributes/Role': 'role',
  'http://www.amazonaws.cn/SAML/Attributes/Role': 'role',
  'https://aws.amazon.com/SAML/Attributes/RoleSessionName': 'role-session-name',
  'https://aws.amazon.com/SAML/Attributes/SessionDuration': 'session-duration',
};

type Token =
  | { readonly type: 'open'; readonly name: string; readonly attributes: readonly RawAttribute[]; readonly selfClosing: boolean }
  | { readonly type: 'close'; readonly name: string }
  | { readonly type: 'text'; readonly text: string }
  | { readonly type: 'comment' | 'cdata' | 'pi'; readonly text: string };

interface RawAttribute {
  readonly name: string;
  /** With its quotes, exactly as in the input. */
  readonly rawValue: string;
}

export function prettyPrintXml(xml: string): PrettyXml {
  const input = xml.length > MAX_INPUT_CHARS ? xml.slice(0, MAX_INPUT_CHARS) : xml;
  const { tokens, wellFormed: tokensComplete } = tokenize(input);
  const lines: XmlLine[] = [];
  const open: { name: string; attributeField: HighlightField | undefined }[] = [];
  let balanced = true;
  let index = 0;
  while (index < tokens.length && lines.length < MAX_LINES) {
    const token = tokens[index];
    if (token === undefined) break;
    const depth = open.length;
    switch (token.type) {
      case 'open': {
        const context = textFieldFor(token, open.at(-1)?.attributeField);
        const parts = openTagParts(token);
        const next = tokens[index + 1];
        const after = tokens[index + 2];
        if (!token.selfClosing && next?.type === 'close' && next.name === token.name) {
          lines.push({ depth, parts: [...parts, ...closeTagParts(next.name)] });
          index += 2;
          continue;
        }
        if (!token.selfClosing && next?.type === 'text' && after?.type === 'close' && after.name === token.name) {
          lines.push({ depth, parts: [...parts, textPart(next.text, context), ...closeTagParts(after.name)] });
          index += 3;
          continue;
        }
        lines.push({ depth, parts });
        if (!token.selfClosing) open.push({ name: token.name, attributeField: attributeFieldOf(token) });
        break;
      }
      case 'close': {
        const top = open.pop();
        if (top?.name !== token.name) balanced = false;
        lines.push({ depth: Math.max(0, open.length), parts: closeTagParts(token.name) });
        break;
      }
      case 'text':
        if (token.text.trim() !== '') lines.push({ depth, parts: [textPart(token.text, undefined)] });
        break;
      default:
        lines.push({ depth, parts: [{ kind: token.type, text: token.text }] });
    }
    index += 1;
  }
  return {
    lines,
    truncated: input.length < xml.length || index < tokens.length,
    wellFormed: tokensComplete && balanced && open.length === 0,
  };
}

function localName(qualified: string): string {
  const colon = qualified.indexOf(':');
  return colon < 0 ? qualified : qualified.slice(colon + 1);
}

function unquote(rawValue: string): string {
  return rawValue.length >= 2 ? rawValue.slice(1, -1) : rawValue;
}

/** The AWS attribute an `<Attribute Name="...">` element declares, if it is one we highlight. */
function attributeFieldOf(token: { readonly name: string; readonly attributes: readonly RawAttribute[] }): HighlightField | undefined {
  if (localName(token.name) !== 'Attribute') return undefined;
  const nameAttribute = token.attributes.find((attribute) => attribute.name === 'Name');
  return nameAttribute === undefined ? undefined : AWS_ATTRIBUTE_FIELDS[unquote(nameAttribute.rawValue)];
}

function textFieldFor(token: { readonly name: string }, enclosingAttributeField: HighlightField | undefined): HighlightField | undefined {
  const local = localName(token.name);
  if (local === 'AttributeValue') return enclosingAttributeField;
  return ELEMENT_TEXT_FIELDS[local];
}

function attributeValueField(elementToken: { readonly name: string; readonly attributes: readonly RawAttribute[] }, attributeName: string): HighlightField | undefined {
  if (TIME_ATTRIBUTES.has(attributeName)) return 'time';
  if (attributeName === 'Destination') return 'destination';
  if (attributeName === 'Recipient') return 'recipient';
  if (attributeName === 'Name') return attributeFieldOf(elementToken);
  return undefined;
}

function openTagParts(token: Extract<Token, { type: 'open' }>): XmlPart[] {
  const parts: XmlPart[] = [
    { kind: 'punct', text: '<' },
    { kind: 'name', text: token.name },
  ];
  for (const attribute of token.attributes) {
    const field = attributeValueField(token, attribute.name);
    parts.push({ kind: 'attr-name', text: ` ${attribute.name}=` });
    parts.push(field === undefined ? { kind: 'attr-value', text: attribute.rawValue } : { kind: 'attr-value', text: attribute.rawValue, field });
  }
  parts.push({ kind: 'punct', text: token.selfClosing ? '/>' : '>' });
  return parts;
}

function closeTagParts(name: string): XmlPart[] {
  return [
    { kind: 'punct', text: '</' },
    { kind: 'name', text: name },
    { kind: 'punct', text: '>' },
  ];
}

function textPart(text: string, field: HighlightField | undefined): XmlPart {
  const padded = text !== text.trim() && text.trim() !== '';
  return { kind: 'text', text, ...(field === undefined ? {} : { field }), ...(padded ? { padded } : {}) };
}

function tokenize(input: string): { tokens: Token[]; wellFormed: boolean } {
  const tokens: Token[] = [];
  let position = 0;
  let wellFormed = true;
  // Each iteration consumes at least one character, so the loop ends within input.length steps.
  while (position < input.length) {
    if (input[position] !== '<') {
      const end = input.indexOf('<', position);
      const stop = end < 0 ? input.length : end;
      tokens.push({ type: 'text', text: input.slice(position, stop) });
      position = stop;
      continue;
    }
    const delimited = (prefix: string, suffix: string, type: 'comment' | 'cdata' | 'pi'): boolean => {
      if (!input.startsWith(prefix, position)) return false;
      const end = input.indexOf(suffix, position + prefix.length);
      if (end < 0) wellFormed = false;
      const stop = end < 0 ? input.length : end + suffix.length;
      tokens.push({ type, text: input.slice(position, stop) });
      position = stop;
      return true;
    };
    if (delimited('<!--', '-->', 'comment') || delimited('<![CDATA[', ']]>', 'cdata') || delimited('<?', '?>', 'pi') || delimited('<!', '>', 'pi')) continue;
    const tag = readTag(input, position);
    if (tag === undefined) {
      wellFormed = false;
      tokens.push({ type: 'text', text: input.slice(position) });
      break;
    }
    tokens.push(tag.token);
    position = tag.end;
  }
  return { tokens, wellFormed };
}

const NAME_CHAR = /[^\s/>=<"']/;

function readTag(input: string, start: number): { token: Token; end: number } | undefined {
  let position = start + 1;
  const closing = input[position] === '/';
  if (closing) position += 1;
  const nameStart = position;
  while (position < input.length && NAME_CHAR.test(input[position] ?? '')) position += 1;
  const name = input.slice(nameStart, position);
  if (name === '') return undefined;
  const attributes: RawAttribute[] = [];
  while (position < input.length) {
    while (position < input.length && /\s/.test(input[position] ?? '')) position += 1;
    const char = input[position];
    if (char === '>') return { token: closing ? { type: 'close', name } : { type: 'open', name, attributes, selfClosing: false }, end: position + 1 };
    if (char === '/' && input[position + 1] === '>') return { token: { type: 'open', name, attributes, selfClosing: true }, end: position + 2 };
    const attributeStart = position;
    while (position < input.length && NAME_CHAR.test(input[position] ?? '')) position += 1;
    const attributeName = input.slice(attributeStart, position);
    while (position < input.length && /\s/.test(input[position] ?? '')) position += 1;
    if (attributeName === '' || input[position] !== '=') return undefined;
    position += 1;
    while (position < input.length && /\s/.test(input[position] ?? '')) position += 1;
    const quote = input[position];
    if (quote !== '"' && quote !== "'") return undefined;
    const close = input.indexOf(quote, position + 1);
    if (close < 0) return undefined;
    attributes.push({ name: attributeName, rawValue: input.slice(position, close + 1) });
    position = close + 1;
  }
  return undefined;
}
