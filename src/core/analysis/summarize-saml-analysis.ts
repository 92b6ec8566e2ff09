import type { CertificateInfo } from '../certificate/certificate-info.ts';
import type { MessageSummary, SignatureSummary } from '../diagnosis/diagnosis.ts';
import type { SignatureCheck } from '../signature/signature-check.ts';
import type { SamlAssertion } from '../message/saml-message.ts';
import { keyInfoCertificates, type SamlAnalysis, type SignatureBasis } from './saml-analysis.ts';

/**
 * The display-ready, JSON-serialisable view of one analysed SAML value (no DOM nodes): what the
 * popup, the report page and `sso-doctor inspect` show. Use this, not ad-hoc readers of the model.
 */
export function summarizeSamlAnalysis(analysis: SamlAnalysis, hopId: string): MessageSummary {
  // Built by assignment, not by spreading optional fields: this runs on every diagnosis, and the
  // spread-per-field form (one small object per field) was its most expensive step after the
  // scenarios. Key order is kept stable.
  const message = analysis.message;
  const basis = analysis.signatureBasis ?? 'verified';
  const summary: Partial<Mutable<MessageSummary>> = {
    hopId,
    binding: analysis.decoding.ok ? analysis.decoding.binding : 'undecodable',
    xml: analysis.decoding.ok ? analysis.decoding.xml : '',
    signatures: (analysis.signatures?.signatures ?? []).map((check) => summarizeSignature(check, basis)),
    certificates: keyInfoCertificates(analysis) satisfies CertificateInfo[],
    problems: analysis.problems.map((p) => ({ code: p.code, severity: p.severity, message: p.message })),
  };
  // kind and the counts are assigned after the message fields: the order exports display them in.
  summary.kind = message === undefined ? 'Undecodable' : message.kind === 'Unknown' ? message.rootName : message.kind;
  if (message !== undefined && message.kind !== 'Unknown') {
    if (message.id !== undefined) summary.id = message.id;
    if (message.issuer !== undefined) summary.issuer = message.issuer;
    if (message.destination !== undefined) summary.destination = message.destination;
    if (message.issueInstant !== undefined) summary.issueInstant = message.issueInstant;
    const status = message.kind === 'Response' || message.kind === 'LogoutResponse' ? message.status : undefined;
    if (status?.code !== undefined) summary.statusCode = status.code;
    if (status?.message !== undefined) summary.statusMessage = status.message;
  }
  const response = message?.kind === 'Response' ? message : undefined;
  summary.assertionCount = response?.assertions.length ?? 0;
  summary.encryptedAssertionCount = response?.encryptedAssertionCount ?? 0;
  const first = response?.assertions[0];
  if (first !== undefined) summary.assertion = summarizeAssertion(first);
  return summary as MessageSummary; // -- kind, assertionCount and encryptedAssertionCount were assigned above
}

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

function summarizeSignature(check: SignatureCheck, basis: SignatureBasis): SignatureSummary {
  const summary: Mutable<SignatureSummary> = { referenceMatchesParent: check.referenceMatchesParent, digestMethods: check.digestMethods, digestsValid: check.digestsValid, outcome: check.outcome };
  if (check.signedElementPath !== undefined) summary.signedElement = check.signedElementPath;
  if (check.signatureMethod !== undefined) summary.signatureMethod = check.signatureMethod;
  if (check.canonicalizationMethod !== undefined) summary.canonicalizationMethod = check.canonicalizationMethod;
  if (check.verifiedWith !== undefined) summary.verifiedWith = check.verifiedWith;
  summary.basis = basis;
  return summary;
}

function summarizeAssertion(assertion: SamlAssertion): NonNullable<MessageSummary['assertion']> {
  const confirmation = assertion.subject?.confirmations.find((c) => c.recipient !== undefined || c.notOnOrAfter !== undefined) ?? assertion.subject?.confirmations[0];
  const authn = assertion.authnStatements[0];
  // Fields assigned in display order (identity, subject, conditions, attributes) for readable exports.
  const summary = {} as Mutable<NonNullable<MessageSummary['assertion']>>; // -- every required field is assigned below
  if (assertion.id !== undefined) summary.id = assertion.id;
  if (assertion.issuer !== undefined) summary.issuer = assertion.issuer;
  if (assertion.subject?.nameId?.value !== undefined) summary.nameId = assertion.subject.nameId.value;
  if (assertion.subject?.nameId?.format !== undefined) summary.nameIdFormat = assertion.subject.nameId.format;
  if (confirmation?.recipient !== undefined) summary.recipient = confirmation.recipient;
  if (confirmation?.notOnOrAfter !== undefined) summary.subjectNotOnOrAfter = confirmation.notOnOrAfter;
  if (assertion.conditions?.notBefore !== undefined) summary.notBefore = assertion.conditions.notBefore;
  if (assertion.conditions?.notOnOrAfter !== undefined) summary.notOnOrAfter = assertion.conditions.notOnOrAfter;
  summary.audiences = assertion.conditions?.audiences ?? [];
  if (authn?.sessionNotOnOrAfter !== undefined) summary.sessionNotOnOrAfter = authn.sessionNotOnOrAfter;
  summary.attributes = assertion.attributes.map((a) => ({ name: a.name, values: a.values }));
  summary.roles = assertion.aws.roles.map((r) => {
    const role: { raw: string; roleArn?: string; providerArn?: string } = { raw: r.raw };
    if (r.roleArn !== undefined) role.roleArn = r.roleArn;
    if (r.providerArn !== undefined) role.providerArn = r.providerArn;
    return role;
  });
  if (assertion.aws.roleSessionName?.[0] !== undefined) summary.roleSessionName = assertion.aws.roleSessionName[0];
  if (assertion.aws.sessionDuration?.[0] !== undefined) summary.sessionDuration = assertion.aws.sessionDuration[0];
  return summary;
}
