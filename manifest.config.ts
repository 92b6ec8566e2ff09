import packageJson from './package.json' with { type: 'json' };

/**
 * The one manifest for both browsers. Chrome/Edge get an MV3 service worker; Firefox gets
 * `background.scripts` (it has no extension service workers) and a gecko id. Everything else is
 * shared, including the host list, which is the whole permission surface: Salesforce (the IdP),
 * AWS sign-in (STS), the AWS console's Connect federation endpoint and Connect itself.
 */
export const HOST_PERMISSIONS = [
  'https://*.salesforce.com/*',
  'https://*.force.com/*',
  'https://*.salesforce-setup.com/*',
  'https://signin.aws.amazon.com/*',
  'https://*.signin.aws.amazon.com/*',
  'https://signin.amazonaws.cn/*',
  'https://*.signin.amazonaws.cn/*',
  'https://signin.amazonaws-us-gov.com/*',
  'https://*.signin.amazonaws-us-gov.com/*',
  'https://console.aws.amazon.com/*',
  'https://*.console.aws.amazon.com/*',
  'https://*.console.amazonaws.cn/*',
  'https://*.console.amazonaws-us-gov.com/*',
  'https://*.connect.aws/*',
  'https://*.awsapps.com/*',
] as const;

export type TargetBrowser = 'chrome' | 'firefox';

export function buildManifest(browser: TargetBrowser) {
  const common = {
    manifest_version: 3,
    name: '__MSG_extensionName__',
    short_name: 'SSO Doctor',
    description: '__MSG_extensionDescription__',
    version: packageJson.version,
    default_locale: 'en',
    icons: { 16: 'icons/icon-16.png', 32: 'icons/icon-32.png', 48: 'icons/icon-48.png', 128: 'icons/icon-128.png' },
    action: {
      default_popup: 'src/popup/index.html',
      default_title: '__MSG_actionTitle__',
      default_icon: { 16: 'icons/icon-16.png', 32: 'icons/icon-32.png' },
    },
    options_ui: { page: 'src/options/index.html', open_in_tab: true },
    permissions: ['webRequest', 'storage'],
    host_permissions: [...HOST_PERMISSIONS],
    storage: { managed_schema: 'managed-schema.json' },
    content_scripts: [
      {
        matches: [...HOST_PERMISSIONS],
        js: ['src/content/main.ts'],
        run_at: 'document_idle',
        all_frames: true,
      },
    ],
    content_security_policy: {
      extension_pages: "script-src 'self'; object-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
    },
  };
  if (browser === 'firefox') {
    return {
      ...common,
      background: { scripts: ['src/background/main.ts'], type: 'module' as const },
      browser_specific_settings: {
        gecko: {
          id: 'sso-doctor@sso-doctor.dev',
          // 140 (the current ESR) is the first version that knows data_collection_permissions.
          strict_min_version: '140.0',
          // Required for new Firefox add-ons: the extension collects and transmits nothing.
          data_collection_permissions: { required: ['none' as const] },
        },
        gecko_android: { strict_min_version: '142.0' },
      },
    };
  }
  return {
    ...common,
    minimum_chrome_version: '116',
    background: { service_worker: 'src/background/main.ts', type: 'module' as const },
  };
}
