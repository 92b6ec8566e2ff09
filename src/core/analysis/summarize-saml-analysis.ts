import type { CertificateInfo } from '../certificate/certificate-info.ts';
import type { MessageSummary, SignatureSummary } from '../diagnosis/diagnosis.ts';
import type { SamlAssertion } from '../message/saml-message.ts';
import { keyInfoCertificates, type SamlAnalysis } from './saml-analysis.ts';

/**
 * The display-ready, JSON-serialisable view of one analysed SAML value (no DOM nodes): what the
 * popup, the report page and `sso-doctor inspect` show. Use this, not ad-hoc readers of the model.
 */
export function summarizeSamlAnalysis(analysis: SamlAnalysis, hopId: string): MessageSummary {
  const message = analysis.message;
  const problems = analysis.problems.map((p) => ({ code: p.code, severity: p.severity, message: p.message }));
  const base = {
    hopId,
    binding: analysis.decoding.ok ? analysis.decoding.binding : 'undecodable',
    xml: analysis.decoding.ok ? analysis.decoding.xml : '',
    signatures: (analysis.signatures?.signatures ?? []).map(
      (check): SignatureSummary => ({
        ...(check.signedElementPath !== undefined ? { signedElement: check.signedElementPath } : {}),
        referenceMatchesParent: check.referenceMatchesParent,
        ...(check.signatureMethod !== undefined ? { signatureMethod: check.signatureMethod } : {}),
        digestMethods: check.digestMethods,
        ...(check.canonicalizationMethod !== undefined ? { canonicalizationMethod: check.canonicalizationMethod } : {}),
        digestsValid: check.digestsValid,
        outcome: check.outcome,
        ...(check.verifiedWith !== undefined ? { verifiedWith: check.verifiedWith } : {}),
      }),
    ),
    certificates: keyInfoCertificates(analysis) satisfies CertificateInfo[],
    problems,
  };
  if (message === undefined) return { ...base, kind: 'Undecodable', assertionCount: 0, encryptedAssertionCount: 0 };
  if (message.kind === 'Unknown') return { ...base, kind: message.rootName, assertionCount: 0, encryptedAssertionCount: 0 };
  const common = {
    ...base,
    kind: message.kind,
    ...defined('id', message.id),
    ...defined('issuer', message.issuer),
    ...defined('destination', message.destination),
    ...defined('issueInstant', message.issueInstant),
  };
  if (message.kind !== 'Response') {
    const status = message.kind === 'LogoutResponse' ? message.status : undefined;
    return { ...common, ...defined('statusCode', status?.code), ...defined('statusMessage', status?.message), assertionCount: 0, encryptedAssertionCount: 0 };
  }
  const first = message.assertions[0];
  return {
    ...common,
    ...defined('statusCode', message.status?.code),
    ...defined('statusMessage', message.status?.message),
    assertionCount: message.assertions.length,
    encryptedAssertionCount: message.encryptedAssertionCount,
    ...(first !== undefined ? { assertion: summarizeAssertion(first) } : {}),
  };
}

function summarizeAssertion(assertion: SamlAssertion): NonNullable<MessageSummary['assertion']> {
  const confirmation = assertion.subject?.confirmations.find((c) => c.recipient !== undefined || c.notOnOrAfter !== undefined) ?? assertion.subject?.confirmations[0];
  const authn = assertion.authnStatements[0];
  return {
    ...defined('id', assertion.id),
    ...defined('issuer', assertion.issuer),
    ...defined('nameId', assertion.subject?.nameId?.value),
    ...defined('nameIdFormat', assertion.subject?.nameId?.format),
    ...defined('recipient', confirmation?.recipient),
    ...defined('subjectNotOnOrAfter', confirmation?.notOnOrAfter),
    ...defined('notBefore', assertion.conditions?.notBefore),
    ...defined('notOnOrAfter', assertion.conditions?.notOnOrAfter),
    audiences: assertion.conditions?.audiences ?? [],
    ...defined('sessionNotOnOrAfter', authn?.sessionNotOnOrAfter),
    attributes: assertion.attributes.map((a) => ({ name: a.name, values: a.values })),
    roles: assertion.aws.roles.map((r) => ({ raw: r.raw, ...defined('roleArn', r.roleArn), ...defined('providerArn', r.providerArn) })),
    ...defined('roleSessionName', assertion.aws.roleSessionName?.[0]),
    ...defined('sessionDuration', assertion.aws.sessionDuration?.[0]),
  };
}

/** Spreads `{ [key]: value }` only when value is defined (exactOptionalPropertyTypes). */
function defined<K extends string>(key: K, value: string | undefined): { [P in K]?: string } {
  return value === undefined ? {} : ({ [key]: value } as { [P in K]?: string }); // -- reason: computed key object literal widens to string index
}
