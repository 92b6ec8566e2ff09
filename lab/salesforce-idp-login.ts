import { buildSalesforceResponse, type SalesforceResponse, type SamlAttribute } from './build-salesforce-response.ts';
import type { LabIdentity } from './lab-identity.ts';
import type { LabKeys } from './lab-keys.ts';
import { escapeHtml, renderPage, type ErrorPage } from './render-page.ts';
import type { SalesforceIdpConfig } from './scenarios.ts';

/** Salesforce's standard page text (domain.md §2). */
export const INSUFFICIENT_PRIVILEGES_PAGE: ErrorPage = {
  status: 200,
  title: 'Insufficient Privileges',
  heading: 'Insufficient Privileges',
  paragraphs: [
    'You do not have the level of access necessary to perform the operation you requested. Please contact the owner of the record or your administrator if access is necessary.',
  ],
};

/** Salesforce's standard page text (KB 005316458, error message #2). */
export const DATA_NOT_AVAILABLE_PAGE: ErrorPage = {
  status: 200,
  title: 'Data Not Available',
  heading: 'Data Not Available',
  paragraphs: [
    'The data you were trying to access could not be found. It may be due to another user deleting the data or a system error. If you know the data is not deleted but cannot access it, please look at our support page.',
  ],
};

export interface IdpLoginRequest {
  readonly app: string | null;
  readonly relayState: string | null;
  /** Salesforce's clock (its error included). */
  readonly now: Date;
}

export interface IdpLoginContext {
  readonly identity: LabIdentity;
  /** Configuration with placeholders already filled. */
  readonly salesforce: SalesforceIdpConfig;
  readonly keys: LabKeys;
}

export type IdpLoginDecision =
  | { readonly kind: 'page'; readonly page: ErrorPage }
  | { readonly kind: 'form'; readonly acsUrl: string; readonly relayState: string | null; readonly response: SalesforceResponse };

/** The assertion lifetime of Salesforce responses (domain.md §5.4: about five minutes). */
const VALIDITY_SECONDS = 300;

function attributes(identity: LabIdentity, config: SalesforceIdpConfig): SamlAttribute[] {
  const list: SamlAttribute[] = [
    { name: 'userId', values: [identity.userId15] },
    { name: 'username', values: [identity.username] },
    { name: 'email', values: [identity.email] },
    { name: 'is_portal_user', values: ['false'] },
  ];
  if (config.roleValues !== null) list.push({ name: 'https://aws.amazon.com/SAML/Attributes/Role', values: config.roleValues });
  if (config.roleSessionName !== null) {
    list.push({ name: 'https://aws.amazon.com/SAML/Attributes/RoleSessionName', values: [config.roleSessionName] });
  }
  if (config.sessionDurationSeconds !== null) {
    list.push({ name: 'https://aws.amazon.com/SAML/Attributes/SessionDuration', values: [String(config.sessionDurationSeconds)] });
  }
  return list;
}

/**
 * What `/idp/login?app=…&RelayState=…` does for a signed-in user: check access to the connected
 * app, load its certificate, then answer with an auto-posting form (KB 005316458).
 */
export function idpLogin(request: IdpLoginRequest, context: IdpLoginContext): IdpLoginDecision {
  const { identity, salesforce } = context;
  // An unknown app id is a missing record: the same page as a deleted certificate (domain.md §2: plausible, unconfirmed).
  if (request.app !== identity.connectedAppId) return { kind: 'page', page: DATA_NOT_AVAILABLE_PAGE };
  if (!salesforce.userHasAppAccess) return { kind: 'page', page: INSUFFICIENT_PRIVILEGES_PAGE };
  if (salesforce.signingCertificate === 'deleted') return { kind: 'page', page: DATA_NOT_AVAILABLE_PAGE };
  const response = buildSalesforceResponse({
    issuer: salesforce.issuer,
    destination: salesforce.acsUrl,
    audience: salesforce.audience,
    nameId: identity.persistentNameId,
    issueInstant: request.now,
    validitySeconds: VALIDITY_SECONDS,
    attributes: attributes(identity, salesforce),
    signing: {
      certificate: context.keys.idp[salesforce.signingCertificate],
      algorithm: salesforce.signatureAlgorithm,
      elements: salesforce.signedElements,
    },
    tamperAfterSigning: salesforce.tamperAfterSigning,
  });
  return { kind: 'form', acsUrl: salesforce.acsUrl, relayState: request.relayState, response };
}

/** The auto-submitting HTTP-POST binding page (SAML bindings §3.5). */
export function renderAutoPostForm(acsUrl: string, samlResponse: string, relayState: string | null): string {
  const relay = relayState === null ? '' : `<input type="hidden" name="RelayState" value="${escapeHtml(relayState)}">`;
  return renderPage({
    title: 'Salesforce',
    bodyHtml: [
      `<form method="POST" action="${escapeHtml(acsUrl)}">`,
      `<input type="hidden" name="SAMLResponse" value="${escapeHtml(samlResponse)}">`,
      relay,
      '<noscript><button type="submit">Continue</button></noscript>',
      '</form>',
      '<script>document.forms[0].submit();</script>',
    ].join('\n'),
  });
}
