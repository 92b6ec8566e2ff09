import { readFileSync } from 'node:fs';
import { DOMParser, type Document, type Element } from '@xmldom/xmldom';
import { describe, expect, it } from 'vitest';
import { C14nCanonicalization, ExclusiveCanonicalization } from 'xml-crypto';
import { decodeSamlValue } from '../binding/decode-saml-value.ts';
import { parseXml } from '../xml/parse-xml.ts';
import {
  C14N_10,
  C14N_10_WITH_COMMENTS,
  C14N_11,
  C14N_EXCLUSIVE,
  C14N_EXCLUSIVE_WITH_COMMENTS,
  c14nMethodFromUri,
  canonicalize,
  compareCodePoints,
  joinUriReferences,
  type C14nMethod,
} from './canonicalize.ts';

const EXC = method(C14N_EXCLUSIVE);
const EXC_COMMENTS = method(C14N_EXCLUSIVE_WITH_COMMENTS);
const INC = method(C14N_10);
const INC_COMMENTS = method(C14N_10_WITH_COMMENTS);
const INC11 = method(C14N_11);

function method(uri: string): C14nMethod {
  const m = c14nMethodFromUri(uri);
  if (!m) throw new Error(`unknown ${uri}`);
  return m;
}

/** xmldom directly: some spec examples carry a DOCTYPE-free prolog parseXml would still accept. */
function parse(xml: string): Document {
  return new DOMParser().parseFromString(xml, 'text/xml');
}

function byName(doc: Document, name: string): Element {
  const found = doc.getElementsByTagName(name).item(0);
  if (!found) throw new Error(`no ${name}`);
  return found;
}

describe('canonicalize — C14N 1.0 specification examples (§3)', () => {
  const prolog = `<?xml version="1.0"?>

<?xml-stylesheet   href="doc.xsl"
   type="text/xsl"   ?>

<doc>Hello, world!<!-- Comment 1 --></doc>

<?pi-without-data     ?>

<!-- Comment 2 -->

<!-- Comment 3 -->`;

  it('drops the XML declaration and comments and separates top-level nodes with line feeds (§3.1)', () => {
    expect(canonicalize(parse(prolog), { method: INC })).toBe(
      '<?xml-stylesheet href="doc.xsl"\n   type="text/xsl"   ?>\n<doc>Hello, world!</doc>\n<?pi-without-data?>',
    );
  });

  it('keeps comments, each on its own line outside the document element, with #WithComments (§3.1)', () => {
    expect(canonicalize(parse(prolog), { method: INC_COMMENTS })).toBe(
      '<?xml-stylesheet href="doc.xsl"\n   type="text/xsl"   ?>\n<doc>Hello, world!<!-- Comment 1 --></doc>\n<?pi-without-data?>\n<!-- Comment 2 -->\n<!-- Comment 3 -->',
    );
  });

  it('leaves whitespace in content untouched (§3.2)', () => {
    const xml = `<doc>
   <clean>   </clean>
   <dirty>   A   B   </dirty>
   <mixed>
      A
      <clean>   </clean>
      B
      <dirty>   A   B   </dirty>
      C
   </mixed>
</doc>`;
    expect(canonicalize(parse(xml), { method: INC })).toBe(xml);
  });

  it('expands empty elements, sorts namespaces and attributes and drops superfluous declarations (§3.3)', () => {
    const xml = `<doc>
   <e1   />
   <e2   ></e2>
   <e3   name = "elem3"   id="elem3"   />
   <e4   name="elem4"   id="elem4"   ></e4>
   <e5 a:attr="out" b:attr="sorted" attr2="all" attr="I'm"
      xmlns:b="http://www.ietf.org"
      xmlns:a="http://www.w3.org"
      xmlns="http://example.org"/>
   <e6 xmlns="" xmlns:a="http://www.w3.org">
      <e7 xmlns="http://www.ietf.org">
         <e8 xmlns="" xmlns:a="http://www.w3.org">
            <e9 xmlns="" xmlns:a="http://www.ietf.org"/>
         </e8>
      </e7>
   </e6>
</doc>`;
    // The spec's e9 also gets attr="default" from its DTD; SAML documents carry no DTD.
    expect(canonicalize(parse(xml), { method: INC })).toBe(`<doc>
   <e1></e1>
   <e2></e2>
   <e3 id="elem3" name="elem3"></e3>
   <e4 id="elem4" name="elem4"></e4>
   <e5 xmlns="http://example.org" xmlns:a="http://www.w3.org" xmlns:b="http://www.ietf.org" attr="I'm" attr2="all" b:attr="sorted" a:attr="out"></e5>
   <e6 xmlns:a="http://www.w3.org">
      <e7 xmlns="http://www.ietf.org">
         <e8 xmlns="">
            <e9 xmlns:a="http://www.ietf.org"></e9>
         </e8>
      </e7>
   </e6>
</doc>`);
  });

  it('escapes text and attribute values and turns CDATA into text (§3.4)', () => {
    const xml = `<doc>
   <text>First line&#x0d;&#10;Second line</text>
   <value>&#x32;</value>
   <compute><![CDATA[value>"0" && value<"10" ?"valid":"error"]]></compute>
   <compute expr='value>"0" &amp;&amp; value&lt;"10" ?"valid":"error"'>valid</compute>
   <norm attr=' &apos;   &#x20;&#13;&#xa;&#9;   &apos; '/>
</doc>`;
    expect(canonicalize(parse(xml), { method: INC })).toBe(`<doc>
   <text>First line&#xD;
Second line</text>
   <value>2</value>
   <compute>value&gt;"0" &amp;&amp; value&lt;"10" ?"valid":"error"</compute>
   <compute expr="value>&quot;0&quot; &amp;&amp; value&lt;&quot;10&quot; ?&quot;valid&quot;:&quot;error&quot;">valid</compute>
   <norm attr=" '    &#xD;&#xA;&#x9;   ' "></norm>
</doc>`);
  });

  it('writes non-ASCII characters as themselves (§3.6)', () => {
    expect(canonicalize(parse('<doc>&#169;</doc>'), { method: INC })).toBe('<doc>\u00a9</doc>');
  });
});

describe('canonicalize — document subsets', () => {
  // Exc-C14N §2.2: the example that motivates exclusive canonicalization.
  const xml = `<n0:local xmlns:n0="foo:bar" xmlns:n3="ftp://example.org">
  <n1:elem2 xmlns:n1="http://example.net" xml:lang="en">
    <n3:stuff xmlns:n3="ftp://example.org"/>
  </n1:elem2>
</n0:local>`;

  it('gives an inclusive apex every in-scope namespace and drops the redundant one below it', () => {
    expect(canonicalize(byName(parse(xml), 'n1:elem2'), { method: INC })).toBe(
      `<n1:elem2 xmlns:n0="foo:bar" xmlns:n1="http://example.net" xmlns:n3="ftp://example.org" xml:lang="en">
    <n3:stuff></n3:stuff>
  </n1:elem2>`,
    );
  });

  it('renders only visibly utilized namespaces with exclusive C14N (Exc-C14N §2.2)', () => {
    expect(canonicalize(byName(parse(xml), 'n1:elem2'), { method: EXC })).toBe(
      `<n1:elem2 xmlns:n1="http://example.net" xml:lang="en">
    <n3:stuff xmlns:n3="ftp://example.org"></n3:stuff>
  </n1:elem2>`,
    );
  });

  it('treats prefixes of the InclusiveNamespaces PrefixList inclusively', () => {
    const doc = parse('<a xmlns:p="urn:p" xmlns:q="urn:q" xmlns="urn:d"><b><c q:x="1"/></b></a>');
    expect(canonicalize(byName(doc, 'b'), { method: EXC, inclusivePrefixes: ['p'] })).toBe(
      '<b xmlns="urn:d" xmlns:p="urn:p"><c xmlns:q="urn:q" q:x="1"></c></b>',
    );
    expect(canonicalize(byName(doc, 'b'), { method: EXC, inclusivePrefixes: ['#default', 'q'] })).toBe(
      '<b xmlns="urn:d" xmlns:q="urn:q"><c q:x="1"></c></b>',
    );
  });

  it('renders xmlns="" only to undo a default namespace rendered on an output ancestor', () => {
    const doc = parse('<r xmlns="urn:r"><a xmlns="urn:a"><b xmlns=""><c/></b></a></r>');
    expect(canonicalize(byName(doc, 'a'), { method: EXC })).toBe('<a xmlns="urn:a"><b xmlns=""><c></c></b></a>');
    expect(canonicalize(byName(doc, 'b'), { method: EXC })).toBe('<b><c></c></b>');
    expect(canonicalize(byName(doc, 'a'), { method: INC })).toBe('<a xmlns="urn:a"><b xmlns=""><c></c></b></a>');
    expect(canonicalize(byName(doc, 'b'), { method: INC })).toBe('<b><c></c></b>');
  });

  it('does not let a prefixed element pull in the default namespace in exclusive mode', () => {
    const doc = parse('<r xmlns="urn:d" xmlns:p="urn:p"><p:a><b/></p:a></r>');
    expect(canonicalize(byName(doc, 'p:a'), { method: EXC })).toBe('<p:a xmlns:p="urn:p"><b xmlns="urn:d"></b></p:a>');
  });

  it('re-declares a prefix whose binding changes below an output ancestor', () => {
    const doc = parse('<p:a xmlns:p="urn:1"><x xmlns:p="urn:2"><p:b/></x><p:c/></p:a>');
    expect(canonicalize(doc, { method: EXC })).toBe('<p:a xmlns:p="urn:1"><x><p:b xmlns:p="urn:2"></p:b></x><p:c></p:c></p:a>');
  });

  it('inherits xml:* attributes into an inclusive apex: all of them in 1.0, not xml:id in 1.1, none in exclusive', () => {
    const doc = parse('<a xml:lang="en" xml:id="x1" xml:space="preserve"><m xml:lang="fr"><b attr="v"/></m></a>');
    const b = byName(doc, 'b');
    expect(canonicalize(b, { method: INC })).toBe('<b attr="v" xml:id="x1" xml:lang="fr" xml:space="preserve"></b>');
    expect(canonicalize(b, { method: INC11 })).toBe('<b attr="v" xml:lang="fr" xml:space="preserve"></b>');
    expect(canonicalize(b, { method: EXC })).toBe('<b attr="v"></b>');
  });

  it('joins xml:base values of omitted ancestors into the C14N 1.1 apex', () => {
    const doc = parse('<a xml:base="http://example.com/x/"><m xml:base="y/"><b/><c xml:base="../z.xml"/></m></a>');
    expect(canonicalize(byName(doc, 'b'), { method: INC11 })).toBe('<b xml:base="http://example.com/x/y/"></b>');
    expect(canonicalize(byName(doc, 'c'), { method: INC11 })).toBe('<c xml:base="http://example.com/x/z.xml"></c>');
    expect(canonicalize(byName(doc, 'b'), { method: INC })).toBe('<b xml:base="y/"></b>');
  });

  it('leaves out the excluded node and its subtree (the enveloped signature)', () => {
    const doc = parse('<a ID="1"><x>1</x><ds:Signature xmlns:ds="urn:ds"><ds:S>v</ds:S></ds:Signature><y/></a>');
    const signature = byName(doc, 'ds:Signature');
    expect(canonicalize(doc.documentElement!, { method: EXC, exclude: signature })).toBe('<a ID="1"><x>1</x><y></y></a>');
  });

  it('keeps comments inside the subset only with #WithComments and keeps processing instructions always', () => {
    const doc = parse('<a><!--c--><?p d?><b/></a>');
    expect(canonicalize(doc.documentElement!, { method: EXC })).toBe('<a><?p d?><b></b></a>');
    expect(canonicalize(doc.documentElement!, { method: EXC_COMMENTS })).toBe('<a><!--c--><?p d?><b></b></a>');
  });

  it('escapes namespace declaration values like attribute values', () => {
    const doc = parse('<a xmlns:p="urn:a&amp;b"><p:b/></a>');
    expect(canonicalize(byName(doc, 'p:b'), { method: EXC })).toBe('<p:b xmlns:p="urn:a&amp;b"></p:b>');
  });

  it('orders attributes by namespace URI before local name, unqualified ones first', () => {
    const doc = parse('<a xmlns:z="urn:a" xmlns:b="urn:b" b:x="1" z:y="2" w="3" c="4"/>');
    expect(canonicalize(doc, { method: EXC })).toBe('<a xmlns:b="urn:b" xmlns:z="urn:a" c="4" w="3" z:y="2" b:x="1"></a>');
  });

  it('copes with nesting far deeper than the call stack would like', () => {
    const depth = 20_000;
    const xml = '<e>'.repeat(depth) + '</e>'.repeat(depth);
    expect(canonicalize(parse(xml), { method: EXC })).toBe('<e>'.repeat(depth) + '</e>'.repeat(depth));
  });
});

describe('canonicalize — helpers', () => {
  it('orders strings by code point, putting supplementary characters after U+FFFF', () => {
    expect(compareCodePoints('\uffff', '\u{10000}')).toBeLessThan(0);
    expect(compareCodePoints('a', 'b')).toBeLessThan(0);
    expect(compareCodePoints('ab', 'a')).toBeGreaterThan(0);
  });

  it('resolves references as RFC 3986 §5.4 does', () => {
    const base = 'http://a/b/c/d;p?q';
    expect(joinUriReferences(base, 'g')).toBe('http://a/b/c/g');
    expect(joinUriReferences(base, '../g')).toBe('http://a/b/g');
    expect(joinUriReferences(base, '../../../g')).toBe('http://a/g');
    expect(joinUriReferences(base, '//g')).toBe('http://g');
    expect(joinUriReferences(base, '?y')).toBe('http://a/b/c/d;p?y');
    expect(joinUriReferences(base, 'g?y#s')).toBe('http://a/b/c/g?y#s');
    expect(joinUriReferences(base, '')).toBe('http://a/b/c/d;p?q');
    expect(joinUriReferences('../a/', '../../b')).toBe('../../b');
  });

  it('knows the six canonicalization URIs and nothing else', () => {
    expect(c14nMethodFromUri(C14N_11)).toEqual({ flavour: 'inclusive-1.1', withComments: false });
    expect(c14nMethodFromUri('http://www.w3.org/2000/09/xmldsig#enveloped-signature')).toBeUndefined();
  });
});

// Cross-check with xml-crypto's canonicalizers on every signed element of the real corpus.
const CORPUS = '/work/shared/corpus';
interface CatalogEntry {
  readonly file: string;
  readonly encoding: string;
  readonly expected?: string;
}
const catalog = JSON.parse(readFileSync(`${CORPUS}/catalog.json`, 'utf8')) as CatalogEntry[]; // -- catalog.json is the corpus's documented shape

function corpusXml(entry: CatalogEntry): string | undefined {
  if (!(entry.encoding === 'raw-xml' || entry.encoding === 'base64' || entry.encoding === 'deflate+base64')) return undefined;
  const decoded = decodeSamlValue(readFileSync(`${CORPUS}/${entry.file}`, 'utf8'));
  return decoded.ok ? decoded.xml : undefined;
}

function idElements(root: Element): Element[] {
  const found: Element[] = [];
  const all = root.getElementsByTagName('*');
  for (let i = 0; i < all.length; i++) {
    const e = all.item(i);
    if (e && (e.hasAttribute('ID') || e.localName === 'SignedInfo')) found.push(e);
  }
  return found;
}

function ancestorNamespaces(element: globalThis.Element): { prefix: string; namespaceURI: string }[] {
  const seen = new Map<string, string>();
  for (let n = element.parentElement; n; n = n.parentElement) {
    const attrs = n.attributes;
    for (let i = 0; i < attrs.length; i++) {
      const a = attrs.item(i);
      if (!a) continue;
      const prefix = a.name === 'xmlns' ? '' : a.name.startsWith('xmlns:') ? a.name.slice(6) : undefined;
      if (prefix !== undefined && !seen.has(prefix)) seen.set(prefix, a.value);
    }
  }
  // xml-crypto renders an unprefixed apex's default namespace itself and would print a second
  // xmlns="..." if the inherited default were passed as well.
  if (!element.prefix) seen.delete('');
  return [...seen].map(([prefix, namespaceURI]) => ({ prefix, namespaceURI }));
}

const corpusCases = catalog
  .filter((e) => e.expected !== undefined)
  .map((e) => ({ file: e.file, xml: corpusXml(e) }))
  .filter((c): c is { file: string; xml: string } => c.xml !== undefined && parseXml(c.xml).ok);

describe('canonicalize agrees with xml-crypto on the corpus', () => {
  it('has corpus documents to compare', () => {
    expect(corpusCases.length).toBeGreaterThan(100);
  });

  it.each(corpusCases)('$file', ({ xml }) => {
    const ours = parseXml(xml);
    const theirs = parseXml(xml);
    if (!ours.ok || !theirs.ok) throw new Error('unparseable');
    const mine = idElements(ours.root);
    const peer = idElements(theirs.root);
    expect(mine.length).toBe(peer.length);
    for (let i = 0; i < mine.length; i++) {
      const a = mine[i]!;
      // xml-crypto types its input with the DOM lib's Element; at run time it walks xmldom nodes.
      const b = peer[i]! as unknown as globalThis.Element;
      expect(canonicalize(a, { method: EXC })).toBe(new ExclusiveCanonicalization().process(b, {}));
      // xml-crypto's inclusive C14N does not inherit xml:* attributes; the corpus has none on ancestors.
      expect(canonicalize(a, { method: INC })).toBe(new C14nCanonicalization().process(b, { ancestorNamespaces: ancestorNamespaces(b) }));
    }
  });
});
