/** What a HAR hop says when the HAR recorded neither a response nor an error text (Firefox writes status 0). */
export const NO_RESPONSE_ERROR = 'no response (HAR status 0)';

/**
 * Network errors that do not by themselves mean the SSO failed: a navigation replaced by the next
 * one (Chrome `net::ERR_ABORTED`, Firefox `NS_BINDING_ABORTED`) or a HAR row without a response.
 * They end a flow only when nothing follows them.
 */
export function isSoftNetworkError(error: string): boolean {
  return error === 'net::ERR_ABORTED' || error === 'NS_BINDING_ABORTED' || error === NO_RESPONSE_ERROR;
}
