/** Namespace URIs of the specifications this tool reads, as named constants. */
export const SAML_PROTOCOL_NS = 'urn:oasis:names:tc:SAML:2.0:protocol';
export const SAML_ASSERTION_NS = 'urn:oasis:names:tc:SAML:2.0:assertion';
export const SAML_METADATA_NS = 'urn:oasis:names:tc:SAML:2.0:metadata';
export const XMLDSIG_NS = 'http://www.w3.org/2000/09/xmldsig#';
export const XMLENC_NS = 'http://www.w3.org/2001/04/xmlenc#';
export const SOAP_ENVELOPE_NS = 'http://schemas.xmlsoap.org/soap/envelope/';
export const XML_NS = 'http://www.w3.org/XML/1998/namespace';
export const XMLNS_NS = 'http://www.w3.org/2000/xmlns/';
