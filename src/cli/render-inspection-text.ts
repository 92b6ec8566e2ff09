import type { MessageSummary } from '../core/diagnosis/diagnosis.ts';
import { describeSignatureOutcome } from '../core/export/describe-signature-outcome.ts';

/** `sso-doctor inspect`: the facts of one message, aligned, one per line. */
export function renderInspectionText(summary: MessageSummary, label: string): string {
  const rows: [string, string | undefined][] = [
    ['Message', `${summary.kind} (${summary.binding})`],
    ['ID', summary.id],
    ['Issuer', summary.issuer],
    ['Destination', summary.destination],
    ['IssueInstant', summary.issueInstant],
    ['Status', summary.statusCode === undefined ? undefined : `${summary.statusCode}${summary.statusMessage !== undefined ? ` (${summary.statusMessage})` : ''}`],
    ['Assertions', summary.kind === 'Response' ? `${String(summary.assertionCount)} plain, ${String(summary.encryptedAssertionCount)} encrypted` : undefined],
  ];
  const assertion = summary.assertion;
  if (assertion !== undefined) {
    rows.push(
      ['Assertion Issuer', assertion.issuer],
      ['NameID', assertion.nameId === undefined ? undefined : `${assertion.nameId}${assertion.nameIdFormat !== undefined ? ` (${assertion.nameIdFormat})` : ''}`],
      ['Recipient', assertion.recipient],
      ['Audience', assertion.audiences.join(', ') || undefined],
      ['NotBefore', assertion.notBefore],
      ['NotOnOrAfter', assertion.notOnOrAfter ?? assertion.subjectNotOnOrAfter],
      ['RoleSessionName', assertion.roleSessionName === undefined ? undefined : JSON.stringify(assertion.roleSessionName)],
      ['SessionDuration', assertion.sessionDuration],
    );
    for (const role of assertion.roles) rows.push(['Role', role.roleArn !== undefined ? `${role.roleArn} via ${role.providerArn ?? '?'}` : `${JSON.stringify(role.raw)} (malformed)`]);
  }
  summary.signatures.forEach((signature, index) => {
    rows.push([
      `Signature ${String(index + 1)}`,
      `${describeSignatureOutcome(signature)} on ${signature.signedElement ?? '(unresolved reference)'}; ${shortAlgorithm(signature.signatureMethod)}; digests ${signature.digestsValid ? 'match' : 'DO NOT match'}`,
    ]);
  });
  if (summary.signatures.length === 0 && summary.kind !== 'Undecodable') rows.push(['Signature', 'none']);
  for (const certificate of summary.certificates) {
    rows.push(['Certificate', `${certificate.subject}; ${certificate.keyAlgorithm} ${String(certificate.keyBits ?? '?')} bits; valid ${certificate.notBefore} → ${certificate.notAfter}`]);
    rows.push(['  SHA-256', certificate.sha256Fingerprint]);
  }
  for (const item of summary.problems.filter((p) => p.severity !== 'info')) rows.push([item.severity === 'error' ? 'Error' : 'Warning', `${item.message} [${item.code}]`]);
  const shown = rows.filter((row): row is [string, string] => row[1] !== undefined);
  const width = Math.max(...shown.map(([key]) => key.length));
  return [label, ...shown.map(([key, value]) => `  ${key.padEnd(width)}  ${value}`)].join('\n');
}

function shortAlgorithm(uri: string | undefined): string {
  return uri === undefined ? 'no algorithm' : (uri.split(/[#/]/).pop() ?? uri);
}
