import type { SamlParameters } from '../binding/find-saml-parameters.ts';
import type { RedactionAttestation } from '../redaction/redaction-attestation.ts';

/**
 * One SSO attempt as observed: the ordered hops from Salesforce `idp/login` through AWS sign-in
 * to Amazon Connect. Built from browser events (the extension) or from a HAR file (the CLI); both
 * produce this same JSON-serialisable shape, which is what `storage.session` keeps.
 */
export interface Flow {
  readonly id: string;
  readonly source: FlowSource;
  /** ISO-8601 time of the first hop. */
  readonly startedAt: string;
  readonly hops: readonly Hop[];
  readonly state: FlowState;
  /** Why the flow was closed, when it is. */
  readonly closeReason?: FlowCloseReason;
  /** Browser tab the flow ran in (capture only). */
  readonly tabId?: number;
  /** True when the flow ran in a hidden frame (the console's background SSO). */
  readonly background?: boolean;
}

export type FlowSource = 'capture' | 'har' | 'message';
export type FlowState = 'running' | 'ended';
/** `superseded`: a new idp/login started in the same frame after this flow had left Salesforce. */
export type FlowCloseReason = 'reached-connect' | 'error-page' | 'network-error' | 'timed-out' | 'input-ended' | 'superseded';

/** Where a hop sits in the SSO chain; decided from its URL by `classifyHopUrl`. */
export type HopKind =
  | 'salesforce-login' // the Salesforce login page (no session yet; ?startURL=/idp/login...)
  | 'salesforce-idp' // /idp/login?app=..., /idp/endpoint/HttpPost|HttpRedirect
  | 'salesforce-other'
  | 'aws-saml' // POST https://[region.]signin.aws.amazon.com/saml (and China / GovCloud)
  | 'aws-signin-other'
  | 'connect-federate' // https://<region>.console.aws.amazon.com/connect/federate/<instance>
  | 'aws-console-other'
  | 'connect-app' // *.my.connect.aws, *.awsapps.com/connect, *.govcloud.connect.aws (home, CCP)
  | 'other';

export interface Hop {
  /** Stable within the flow (browser requestId + redirect index, or HAR entry index). */
  readonly id: string;
  readonly kind: HopKind;
  readonly url: string;
  readonly method: string;
  /** ISO-8601 time the request started. */
  readonly startedAt: string;
  readonly durationMs?: number;
  readonly status?: number;
  readonly statusText?: string;
  /** Redirect target (Location), when the response was a redirect. */
  readonly redirectTo?: string;
  /** The server's `Date` response header as ISO-8601: AWS's clock, used for skew checks. */
  readonly serverDate?: string;
  /** A network failure instead of a response, e.g. `net::ERR_NAME_NOT_RESOLVED`. */
  readonly networkError?: string;
  /** main_frame / sub_frame / other resource types as the browser reported them. */
  readonly resourceType?: string;
  /** SAML binding parameters carried by this request (POST body or query). */
  readonly saml?: SamlParameters;
  /** What the page at this hop said, when it was an error page we could read. */
  readonly page?: PageReading;
  /**
   * Present on hops re-imported from a redacted sso-doctor HAR: what sso-doctor verified before it
   * removed the signature values (stated, not re-verifiable; the UI says so).
   */
  readonly redaction?: RedactionAttestation;
}

/** The classified text of an error page (never the whole page). */
export interface PageReading {
  readonly classification: PageClassification;
  readonly title?: string;
  /** The sentence(s) that matched, trimmed to at most a few hundred characters. */
  readonly excerpt: string;
  /** STS details parsed from "(Service: ...; Status Code: ...; Error Code: ...; Request ID: ...)". */
  readonly serviceErrors?: readonly ServiceErrorDetails[];
  /** The IAM role named on Connect's "contact your AWS account administrator" page, if shown. */
  readonly roleArn?: string;
}

export interface ServiceErrorDetails {
  readonly service: string;
  readonly statusCode?: number;
  readonly errorCode?: string;
  readonly requestId?: string;
}

/**
 * Every error page we recognise, by the text it shows (see docs of `classifyPageText`).
 * `aws-role-selection` is not an error: it is the page AWS shows when the Role attribute has
 * several values and no RelayState picks one.
 */
export type PageClassification =
  | 'sf-insufficient-privileges'
  | 'sf-data-not-available'
  | 'aws-invalid-saml-response'
  | 'aws-rolesessionname-required'
  | 'aws-rolesessionname-invalid'
  | 'aws-source-identity-invalid'
  | 'aws-signature-invalid'
  | 'aws-issuer-not-present'
  | 'aws-not-authorized-assume-role'
  | 'aws-provider-not-found'
  | 'aws-duration-exceeds-max'
  | 'aws-audience-missing'
  | 'aws-expired-token'
  | 'aws-region-disabled'
  | 'aws-role-selection'
  | 'connect-not-onboarded'
  | 'connect-bad-request'
  | 'connect-federation-denied'
  | 'connect-session-expired'
  | 'unrecognized-error';
