import { describe, expect, it } from 'vitest';
import { isSoftNetworkError, NO_RESPONSE_ERROR } from './is-soft-network-error.ts';

describe('isSoftNetworkError', () => {
  it.each(['net::ERR_ABORTED', 'NS_BINDING_ABORTED', NO_RESPONSE_ERROR])('treats %s as not ending a flow by itself', (error) => {
    expect(isSoftNetworkError(error)).toBe(true);
  });

  it.each(['net::ERR_NAME_NOT_RESOLVED', 'net::ERR_CONNECTION_REFUSED', 'NS_ERROR_UNKNOWN_HOST', ''])('treats %s as a real failure', (error) => {
    expect(isSoftNetworkError(error)).toBe(false);
  });
});
