import { describe, expect, it } from 'vitest';
import { HOST_PERMISSIONS } from '../../manifest.config.ts';
import { documentFilter, manifestHostPermissions, samlPostFilter } from './request-filters.ts';

describe('request filters', () => {
  it('watch document loads on every manifest host and nothing else', () => {
    expect(documentFilter(HOST_PERMISSIONS)).toEqual({ urls: [...HOST_PERMISSIONS], types: ['main_frame', 'sub_frame'] });
  });

  it('watch the SAML endpoint of every AWS sign-in host, global and regional, in all partitions', () => {
    expect(samlPostFilter(HOST_PERMISSIONS).urls).toEqual([
      'https://signin.aws.amazon.com/saml*',
      'https://*.signin.aws.amazon.com/saml*',
      'https://signin.amazonaws.cn/saml*',
      'https://*.signin.amazonaws.cn/saml*',
      'https://signin.amazonaws-us-gov.com/saml*',
      'https://*.signin.amazonaws-us-gov.com/saml*',
    ]);
  });
});

describe('manifestHostPermissions', () => {
  it('reads the host permissions of a manifest and ignores anything else', () => {
    expect(manifestHostPermissions({ host_permissions: ['https://*.force.com/*', 3] })).toEqual(['https://*.force.com/*']);
    expect(manifestHostPermissions({ manifest_version: 2 })).toEqual([]);
  });
});
