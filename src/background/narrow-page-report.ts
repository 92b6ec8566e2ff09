import type { PageClassification, PageReading, ServiceErrorDetails } from '../core/flow/flow.ts';

const MAX_EXCERPT = 600;
const MAX_TITLE = 300;
const MAX_SERVICE_ERRORS = 8;

/** A value whose fields are not checked yet. */
type Unchecked<T> = { readonly [K in keyof T]?: unknown };

/**
 * A content script's page reading, checked field by field before it is stored: only known keys,
 * strings trimmed to their documented size. A content script runs next to page code, so its
 * messages are treated as untrusted input. Undefined when the shape is wrong.
 */
export function narrowPageReading(value: unknown): PageReading | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const input = value as Unchecked<PageReading>; // -- reason: every field is checked before use
  if (typeof input.classification !== 'string' || typeof input.excerpt !== 'string') return undefined;
  const reading: { -readonly [K in keyof PageReading]: PageReading[K] } = {
    classification: input.classification as PageClassification, // -- reason: stored as evidence; the diagnosis keys on the ids it knows and ignores others
    excerpt: input.excerpt.slice(0, MAX_EXCERPT),
  };
  if (typeof input.title === 'string') reading.title = input.title.slice(0, MAX_TITLE);
  if (typeof input.roleArn === 'string') reading.roleArn = input.roleArn.slice(0, MAX_TITLE);
  if (Array.isArray(input.serviceErrors)) {
    const errors = (input.serviceErrors as unknown[]).slice(0, MAX_SERVICE_ERRORS).flatMap(narrowServiceError); // -- reason: Array.isArray narrows to any[]
    if (errors.length > 0) reading.serviceErrors = errors;
  }
  return reading;
}

function narrowServiceError(value: unknown): ServiceErrorDetails[] {
  if (typeof value !== 'object' || value === null) return [];
  const input = value as Unchecked<ServiceErrorDetails>; // -- reason: every field is checked before use
  if (typeof input.service !== 'string') return [];
  const details: { -readonly [K in keyof ServiceErrorDetails]: ServiceErrorDetails[K] } = { service: input.service.slice(0, 100) };
  if (typeof input.statusCode === 'number') details.statusCode = input.statusCode;
  if (typeof input.errorCode === 'string') details.errorCode = input.errorCode.slice(0, 100);
  if (typeof input.requestId === 'string') details.requestId = input.requestId.slice(0, 100);
  return [details];
}
