import type { Attr, CharacterData, Comment, Document, Element, Node, ProcessingInstruction } from '@xmldom/xmldom';

// DOM node type numbers (DOM Level 1 §1.2): written out so the core needs no DOM globals.
const ELEMENT_NODE = 1;
const TEXT_NODE = 3;
const CDATA_SECTION_NODE = 4;
const PROCESSING_INSTRUCTION_NODE = 7;
const COMMENT_NODE = 8;
const DOCUMENT_NODE = 9;

export function isElement(node: Node | null | undefined): node is Element {
  return node?.nodeType === ELEMENT_NODE;
}

export function isDocument(node: Node | null | undefined): node is Document {
  return node?.nodeType === DOCUMENT_NODE;
}

/** Text and CDATA sections: both are character content to C14N and to text extraction. */
export function isText(node: Node | null | undefined): node is CharacterData {
  return node?.nodeType === TEXT_NODE || node?.nodeType === CDATA_SECTION_NODE;
}

export function isComment(node: Node | null | undefined): node is Comment {
  return node?.nodeType === COMMENT_NODE;
}

export function isProcessingInstruction(node: Node | null | undefined): node is ProcessingInstruction {
  return node?.nodeType === PROCESSING_INSTRUCTION_NODE;
}

/** `xmlns` and `xmlns:p` attributes are namespace declarations, not attributes, to C14N. */
export function isNamespaceDeclaration(attr: Attr): boolean {
  return attr.name === 'xmlns' || attr.name.startsWith('xmlns:');
}
