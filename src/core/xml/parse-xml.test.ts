import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseXml } from './parse-xml.ts';

describe('parseXml', () => {
  it('parses a namespaced SAML document', () => {
    const result = parseXml('<samlp:Response xmlns:samlp="urn:oasis:names:tc:SAML:2.0:protocol" ID="_1"><x/></samlp:Response>');
    expect(result.ok && result.root.localName).toBe('Response');
    expect(result.ok && result.root.namespaceURI).toBe('urn:oasis:names:tc:SAML:2.0:protocol');
  });

  it('refuses a DOCTYPE with entity declarations without parsing it (XXE, billion laughs)', () => {
    const xxe = '<?xml version="1.0"?>\n<!DOCTYPE r [<!ENTITY x SYSTEM "file:///etc/passwd">]><r>&x;</r>';
    const result = parseXml(xxe);
    expect(result.ok).toBe(false);
    expect(result.problems[0]).toMatchObject({ code: 'xml-entity-declaration', line: 2, column: 1 });
  });

  it('refuses a bare DOCTYPE', () => {
    expect(parseXml('<!DOCTYPE r><r/>').problems[0]?.code).toBe('xml-doctype');
  });

  it('reports malformed XML with line and column', () => {
    const result = parseXml('<a>\n  <b>\n</a>');
    expect(result.ok).toBe(false);
    expect(result.problems[0]?.code).toBe('xml-malformed');
    expect(result.problems[0]).toMatchObject({ line: 2, column: 6 });
    expect(result.problems[0]?.message).toMatch(/"b" != "a"/);
  });

  it('refuses an undeclared namespace prefix, as a strict SAML consumer does', () => {
    const result = parseXml('<saml2:Assertion><saml2:Issuer>x</saml2:Issuer></saml2:Assertion>');
    expect(result.ok).toBe(false);
    expect(result.problems[0]?.message).toMatch(/namespace/i);
  });

  it('refuses nesting deeper than the limit without overflowing the stack', () => {
    const depth = 50_000;
    const deep = '<a>'.repeat(depth) + '</a>'.repeat(depth);
    const result = parseXml(deep);
    expect(result.ok).toBe(false);
    expect(result.problems.at(-1)?.code).toBe('xml-too-deep');
  });

  it('refuses documents over the size limit before parsing', () => {
    expect(parseXml('<a/>', { maxChars: 2, maxDepth: 10, maxElements: 10 }).problems[0]?.code).toBe('xml-too-large');
  });

  it('refuses multiple root elements', () => {
    expect(parseXml('<a/><b/>').ok).toBe(false);
  });

  it('counts depth and elements right when attribute values hold quotes of the other kind and > (the pre-parse scan)', () => {
    // Attribute values like a="x'>" or b='y">' must not end the tag early: a scan that did would
    // miscount depth and let a too-deep document through, or refuse a legal one.
    const attributeValue = fc.array(fc.constantFrom('x', "'", '"', '/>', '>', ' '), { maxLength: 4 }).map((parts) => parts.join(''));
    const attribute = fc.tuple(fc.constantFrom('a', 'b', 'c'), attributeValue).map(([name, value]) =>
      value.includes('"') ? `${name}='${value.replace(/'/g, '&apos;')}'` : `${name}="${value}"`,
    );
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 12 }), fc.array(fc.uniqueArray(attribute, { selector: (text) => text[0], maxLength: 3 }), { minLength: 12, maxLength: 12 }), (depth, attributesPerLevel) => {
        let xml = '';
        for (let level = 0; level < depth; level++) xml += `<e ${(attributesPerLevel[level] ?? []).join(' ')}>it's "text" > more`;
        xml += '</e>'.repeat(depth);
        const limits = { maxChars: 1_000_000, maxDepth: 6, maxElements: 1000 };
        const result = parseXml(xml, limits);
        if (depth <= 6) expect(result.ok).toBe(true);
        else {
          // Refused by the scan on the text, before xmldom built anything.
          expect(result.problems.map((p) => p.code)).toEqual(['xml-too-deep']);
          expect(result.problems[0]?.message).toContain('before parsing');
        }
      }),
    );
  });
});
