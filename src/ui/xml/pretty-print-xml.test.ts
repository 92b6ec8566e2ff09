import { describe, expect, it } from 'vitest';
import { fixtureMessage } from '../fixtures/fixture-saml-response.ts';
import { prettyPrintXml, type XmlLine } from './pretty-print-xml.ts';

function lineText(line: XmlLine): string {
  return line.parts.map((part) => part.text).join('');
}

describe('prettyPrintXml', () => {
  it('puts nested elements on their own lines, indented by depth', () => {
    const pretty = prettyPrintXml('<a><b><c>x</c></b></a>');
    expect(pretty.lines.map((line) => [line.depth, lineText(line)])).toEqual([
      [0, '<a>'],
      [1, '<b>'],
      [2, '<c>x</c>'],
      [1, '</b>'],
      [0, '</a>'],
    ]);
    expect(pretty.wellFormed).toBe(true);
  });

  it('keeps entities, quotes and text exactly as received instead of re-serialising', () => {
    const xml = `<r a='1 &amp; 2' b="&lt;x&gt;"><v>A&amp;B &#x41;</v><!-- note --><![CDATA[<raw>]]></r>`;
    const text = prettyPrintXml(xml).lines.map(lineText).join('');
    expect(text).toContain(`a='1 &amp; 2'`);
    expect(text).toContain(`b="&lt;x&gt;"`);
    expect(text).toContain('A&amp;B &#x41;');
    expect(text).toContain('<!-- note -->');
    expect(text).toContain('<![CDATA[<raw>]]>');
  });

  it('shows every signed byte of a real-shaped response apart from whitespace between tags', () => {
    const { xml } = fixtureMessage({ hopId: 'h2' });
    const shown = prettyPrintXml(xml).lines.map(lineText).join('');
    expect(shown).toBe(xml);
  });

  it('highlights Issuer, Audience, NameID, times, Destination and the AWS Role and RoleSessionName values', () => {
    const { xml } = fixtureMessage({ hopId: 'h2', roleSessionName: 'jdoe@00D' });
    const fields = prettyPrintXml(xml).lines.flatMap((line) => line.parts.filter((part) => part.field !== undefined).map((part) => `${part.field ?? ''}=${part.text}`));
    expect(fields).toContain('issuer=https://acme-voice.my.salesforce.com');
    expect(fields).toContain('audience=https://signin.aws.amazon.com/saml');
    expect(fields).toContain('role-session-name=jdoe@00D');
    expect(fields).toContain('destination="https://eu-central-1.signin.aws.amazon.com/saml"');
    expect(fields.some((field) => field.startsWith('role=arn:aws:iam::123456789012:role/'))).toBe(true);
    expect(fields.some((field) => field.startsWith('name-id='))).toBe(true);
    expect(fields.filter((field) => field.startsWith('time=')).length).toBeGreaterThanOrEqual(4);
  });

  it('flags a padded RoleSessionName value', () => {
    const xml =
      '<Attribute Name="https://aws.amazon.com/SAML/Attributes/RoleSessionName"><AttributeValue> jdoe </AttributeValue></Attribute>';
    const value = prettyPrintXml(xml).lines.flatMap((line) => line.parts).find((part) => part.field === 'role-session-name' && part.kind === 'text');
    expect(value).toMatchObject({ text: ' jdoe ', padded: true });
  });

  it('reports unbalanced or unterminated input without throwing', () => {
    expect(prettyPrintXml('<a><b></a>').wellFormed).toBe(false);
    expect(prettyPrintXml('<a><!-- never closed').wellFormed).toBe(false);
    expect(prettyPrintXml('<a x=1>').wellFormed).toBe(false);
  });

  it('stops at its line limit on huge input and says so', () => {
    const xml = `<r>${'<i>1</i>'.repeat(30_000)}</r>`;
    const pretty = prettyPrintXml(xml);
    expect(pretty.truncated).toBe(true);
    expect(pretty.lines.length).toBeLessThanOrEqual(20_000);
  });
});
