import type { FederatedSession } from './aws-sign-in.ts';
import type { ErrorPage } from './render-page.ts';
import type { AwsAccountConfig, ConnectInstanceConfig } from './scenarios.ts';

export interface FederateRequest {
  /** The console session the sign-in endpoint created, if the browser sent its cookie. */
  readonly session: FederatedSession | undefined;
  readonly instanceId: string;
  readonly destination: string | null;
}

export interface FederateContext {
  readonly instanceId: string;
  readonly aws: AwsAccountConfig;
  readonly connect: ConnectInstanceConfig;
}

export type FederateDecision =
  | { readonly kind: 'redirect'; readonly ccpHost: string; readonly destination: string; readonly session: FederatedSession }
  | { readonly kind: 'page'; readonly page: ErrorPage };

/** Connect with SAML has no reverse federation: without a session only the IdP can help (configure-saml). */
export const SESSION_EXPIRED_PAGE: ErrorPage = {
  status: 200,
  title: 'Session Expired',
  heading: 'Session Expired',
  paragraphs: ['Your session has expired. Sign in again through your identity provider.'],
};

const BAD_REQUEST_PAGE: ErrorPage = {
  status: 400,
  title: 'Bad Request',
  heading: 'Bad Request',
  paragraphs: ['The request was not valid and could not be processed.'],
};

/**
 * What `/connect/federate/<instance id>` does with the console session: GetFederationToken with the
 * assumed role, then a case-sensitive match of RoleSessionName against the instance's usernames
 * (Amazon Connect "Troubleshoot SAML"; seed 002).
 */
export function federateToConnect(request: FederateRequest, context: FederateContext): FederateDecision {
  const session = request.session;
  if (session === undefined) return { kind: 'page', page: SESSION_EXPIRED_PAGE };
  if (request.instanceId !== context.instanceId) return { kind: 'page', page: BAD_REQUEST_PAGE };
  const role = context.aws.roles.find((r) => r.name === session.roleName);
  if (role?.connectGetFederationToken !== true) {
    return {
      kind: 'page',
      page: {
        status: 403,
        title: 'Access denied',
        heading: 'Access denied',
        paragraphs: ['Access denied, Please contact your AWS account administrator for assistance.', `Role: ${session.roleArn}`],
      },
    };
  }
  const previous = context.connect.previousSignInRole;
  if (previous !== null && previous !== session.roleName) return { kind: 'page', page: BAD_REQUEST_PAGE };
  if (!context.connect.usernames.includes(session.roleSessionName)) {
    return {
      kind: 'page',
      page: {
        status: 403,
        title: 'Access Denied',
        heading: 'Access Denied',
        paragraphs: [
          'Your account has been authenticated, but has not been onboarded to this application.',
          'Contact your Administrator to onboard to Amazon Connect and try again.',
        ],
      },
    };
  }
  const destination = request.destination?.startsWith('/connect/') === true ? request.destination : '/connect/home';
  return { kind: 'redirect', ccpHost: context.connect.ccpHost, destination, session };
}
