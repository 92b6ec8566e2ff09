import type { FlowReport } from './flow-report.ts';

/**
 * The sentence every export opens with. Unredacted exports say so plainly, and when an assertion
 * in them is still valid, that the file is a live credential (DESIGN.md § Privacy rules).
 */
export function reportWarning(report: Pick<FlowReport, 'redacted' | 'liveCredentials' | 'generatedAt'>): string {
  if (report.redacted) {
    return 'Redacted by sso-doctor: people are replaced by pseudonyms that are consistent within this report only, AWS account ids are masked to their last 4 digits, and signature values, certificate bodies, cookies, tokens and other request data are removed. It carries no usable credential. The redaction receipt at the end lists what was done.';
  }
  const live = report.liveCredentials;
  if (live.length === 0) {
    return 'WARNING: this export is NOT redacted. It contains names, user ids, account ids and the signed SAML assertion (expired). Share it only with people allowed to see this data.';
  }
  const until = live
    .map((credential) => (credential.validUntil === undefined ? `hop ${credential.hopId}: no stated expiry` : `hop ${credential.hopId}: valid until ${credential.validUntil}`))
    .join('; ');
  return `WARNING: this export is NOT redacted and contains a LIVE CREDENTIAL. The signed SAML assertion was still valid at ${report.generatedAt} (${until}); anyone holding this file can use it to sign in to AWS as this user until it expires. Do not attach it to a support case or share it: export the redacted report instead.`;
}
