import type { CertificateInfo } from '../certificate/certificate-info.ts';
import type { Diagnosis, MessageSummary } from '../diagnosis/diagnosis.ts';
import type { Evidence, Finding, RemediationStep } from '../diagnosis/finding.ts';
import type { Redactor } from './create-redactor.ts';
import { redactAttributeValue, redactSamlXml } from './redact-saml-xml.ts';

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

/**
 * The diagnosis with every string that can carry data redacted by the same redactor as the flow,
 * so the names in finding titles and evidence match the pseudonyms in the redacted assertion.
 * Scenario ids, severities, actors, algorithms, times and fingerprints are kept.
 */
export function redactDiagnosis(diagnosis: Diagnosis, redactor: Redactor): Diagnosis {
  const out: Mutable<Diagnosis> = {
    flowId: diagnosis.flowId,
    evaluatedAt: diagnosis.evaluatedAt,
    primary: redactFinding(diagnosis.primary, redactor),
    findings: diagnosis.findings.map((finding) => redactFinding(finding, redactor)),
  };
  if (diagnosis.message !== undefined) out.message = redactMessageSummary(diagnosis.message, redactor);
  return out;
}

export function redactFinding(finding: Finding, redactor: Redactor): Finding {
  return {
    id: finding.id,
    severity: finding.severity,
    title: redactor.text(finding.title),
    summary: redactor.text(finding.summary),
    evidence: finding.evidence.map((evidence) => redactEvidence(evidence, redactor)),
    cause: redactor.text(finding.cause),
    remediation: finding.remediation.map((step) => redactStep(step, redactor)),
    sources: finding.sources.map((source) => ({ ...source })),
    basis: finding.basis,
  };
}

function redactEvidence(evidence: Evidence, redactor: Redactor): Evidence {
  const out: Mutable<Evidence> = { label: redactor.text(evidence.label) };
  if (evidence.observed !== undefined) out.observed = redactor.text(evidence.observed);
  if (evidence.expected !== undefined) out.expected = redactor.text(evidence.expected);
  if (evidence.hopId !== undefined) out.hopId = evidence.hopId;
  if (evidence.field !== undefined) out.field = redactor.text(evidence.field);
  return out;
}

function redactStep(step: RemediationStep, redactor: Redactor): RemediationStep {
  const out: Mutable<RemediationStep> = { text: redactor.text(step.text), actor: step.actor };
  if (step.consolePath !== undefined) out.consolePath = redactor.text(step.consolePath);
  if (step.command !== undefined) out.command = redactor.text(step.command);
  return out;
}

export function redactMessageSummary(message: MessageSummary, redactor: Redactor): MessageSummary {
  // The flow carries the same message: redacted alike, but counted in the receipt once.
  const xml = message.xml === '' ? undefined : redactSamlXml(message.xml, redactor.quiet());
  const out: Mutable<MessageSummary> = {
    hopId: message.hopId,
    kind: message.kind,
    binding: message.binding,
    xml: xml === undefined ? '' : xml.ok ? xml.xml : '[sso-doctor: the message could not be parsed, so it was removed]',
    assertionCount: message.assertionCount,
    encryptedAssertionCount: message.encryptedAssertionCount,
    signatures: message.signatures.map((signature) => ({ ...signature, digestMethods: [...signature.digestMethods] })),
    certificates: message.certificates.map((certificate) => redactCertificate(certificate, redactor)),
    problems: message.problems.map((p) => ({ code: p.code, severity: p.severity, message: redactor.text(p.message) })),
  };
  if (message.id !== undefined) out.id = redactor.text(message.id);
  if (message.issuer !== undefined) out.issuer = redactor.text(message.issuer);
  if (message.destination !== undefined) out.destination = redactor.text(message.destination);
  if (message.issueInstant !== undefined) out.issueInstant = message.issueInstant;
  if (message.statusCode !== undefined) out.statusCode = message.statusCode;
  if (message.statusMessage !== undefined) out.statusMessage = redactor.text(message.statusMessage);
  if (message.assertion !== undefined) out.assertion = redactAssertion(message.assertion, redactor);
  return out;
}

type AssertionSummary = NonNullable<MessageSummary['assertion']>;

function redactAssertion(assertion: AssertionSummary, redactor: Redactor): AssertionSummary {
  const out: Mutable<AssertionSummary> = {
    audiences: assertion.audiences.map((audience) => redactor.text(audience)),
    attributes: assertion.attributes.map((attribute) => ({
      name: attribute.name,
      values: attribute.values.map((value) => redactAttributeValue(attribute.name, value, redactor)),
    })),
    roles: assertion.roles.map((role) => ({
      raw: redactor.text(role.raw),
      ...(role.roleArn === undefined ? {} : { roleArn: redactor.text(role.roleArn) }),
      ...(role.providerArn === undefined ? {} : { providerArn: redactor.text(role.providerArn) }),
    })),
  };
  if (assertion.id !== undefined) out.id = redactor.text(assertion.id);
  if (assertion.issuer !== undefined) out.issuer = redactor.text(assertion.issuer);
  if (assertion.nameId !== undefined) out.nameId = redactor.person(assertion.nameId, 'NameID');
  if (assertion.nameIdFormat !== undefined) out.nameIdFormat = assertion.nameIdFormat;
  if (assertion.recipient !== undefined) out.recipient = redactor.text(assertion.recipient);
  if (assertion.subjectNotOnOrAfter !== undefined) out.subjectNotOnOrAfter = assertion.subjectNotOnOrAfter;
  if (assertion.notBefore !== undefined) out.notBefore = assertion.notBefore;
  if (assertion.notOnOrAfter !== undefined) out.notOnOrAfter = assertion.notOnOrAfter;
  if (assertion.sessionNotOnOrAfter !== undefined) out.sessionNotOnOrAfter = assertion.sessionNotOnOrAfter;
  if (assertion.roleSessionName !== undefined) out.roleSessionName = redactor.person(assertion.roleSessionName, 'RoleSessionName');
  if (assertion.sessionDuration !== undefined) out.sessionDuration = assertion.sessionDuration;
  return out;
}

/** Fingerprints, validity, key and algorithm kept; the DER body dropped; subject and issuer scrubbed. */
export function redactCertificate(certificate: CertificateInfo, redactor: Redactor): CertificateInfo {
  if (certificate.derBase64 !== '') redactor.note('Certificate body (DER)', 'removed');
  redactor.note('Certificate fingerprint, subject and validity', 'kept');
  return { ...certificate, subject: redactor.text(certificate.subject), issuer: redactor.text(certificate.issuer), derBase64: '' };
}
