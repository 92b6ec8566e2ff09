import type { CharacterData, Element, Node } from '@xmldom/xmldom';

const ELEMENT_NODE = 1;
const TEXT_NODE = 3;
const CDATA_SECTION_NODE = 4;
const COMMENT_NODE = 8;

export interface ElementText {
  /** Every descendant text and CDATA node joined, in document order, whitespace untouched. */
  readonly value: string;
  /** True when a comment or a CDATA section sits anywhere inside the element. */
  readonly hasCommentOrCdata: boolean;
  /**
   * The first child text (or CDATA) node alone: what a reader that takes `firstChild.data` sees.
   * Differs from `value` when a comment splits the text (CVE-2017-11428, VU#475445).
   */
  readonly firstTextNode: string;
}

/**
 * Reads an element's text the safe way: all text joined, so a comment cannot truncate a NameID or
 * attribute value, and the comment or CDATA is flagged so the report can show the injection shape.
 * Iterative, so a deep subtree cannot overflow the stack (parseXml already bounds the size).
 */
export function elementText(element: Element): ElementText {
  let value = '';
  let hasCommentOrCdata = false;
  let firstTextNode: string | undefined;
  for (let child = element.firstChild; child; child = child.nextSibling) {
    if (firstTextNode === undefined && (child.nodeType === TEXT_NODE || child.nodeType === CDATA_SECTION_NODE)) {
      firstTextNode = (child as CharacterData).data; // -- reason: nodeType checked: Text or CDATASection
    }
  }
  const stack: Node[] = [];
  for (let child = element.lastChild; child; child = child.previousSibling) stack.push(child);
  while (stack.length > 0) {
    const node = stack.pop() as Node; // -- reason: length checked above
    if (node.nodeType === TEXT_NODE) {
      value += (node as CharacterData).data; // -- reason: nodeType is TEXT_NODE
    } else if (node.nodeType === CDATA_SECTION_NODE) {
      hasCommentOrCdata = true;
      value += (node as CharacterData).data; // -- reason: nodeType is CDATA_SECTION_NODE
    } else if (node.nodeType === COMMENT_NODE) {
      hasCommentOrCdata = true;
    } else if (node.nodeType === ELEMENT_NODE) {
      for (let child = node.lastChild; child; child = child.previousSibling) stack.push(child);
    }
  }
  return { value, hasCommentOrCdata, firstTextNode: firstTextNode ?? '' };
}
