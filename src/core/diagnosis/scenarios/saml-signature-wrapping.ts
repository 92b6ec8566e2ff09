import { AWS_ATTRIBUTE, type SamlAssertion, type SamlResponse } from '../../message/saml-message.ts';
import { elementPath } from '../../signature/element-path.ts';
import { isElementCovered } from '../../signature/is-element-covered.ts';
import type { SignatureReport } from '../../signature/signature-check.ts';
import type { SamlAnalysis } from '../../analysis/saml-analysis.ts';
import { attestedOutcomeSuffix } from '../attested-outcome-suffix.ts';
import { createFinding, type EvidenceInit } from '../create-finding.ts';
import { orPlaceholder, readFlowFacts } from '../read-flow-facts.ts';
import { CONSOLE_PATHS } from '../remediation-steps.ts';
import type { Scenario } from '../scenario.ts';
import { SEED_SOURCES } from '../seed-sources.ts';

/** One wrapping sign, with the words that name it. */
interface Shape {
  readonly title: string;
  readonly evidence: EvidenceInit;
}

/**
 * Signature wrapping (XSW) and comment injection (CVE-2017-11428, VU#475445): the identity a
 * relying party would read is not the content the valid signature protects. Signs, most telling
 * first: an Assertion hidden below another element; the identity assertion uncovered while a
 * signature elsewhere verifies; several assertions; duplicated IDs; a signature placed on another
 * element than the Response or an Assertion, or two on one element; a signature that signs
 * something other than its parent (SAML core §5.4.1 wants enveloped signatures on their parent); a comment or
 * CDATA splitting the NameID or an AWS attribute value. A security finding: an attack or a broken IdP.
 */
export const samlSignatureWrapping: Scenario = {
  id: 'saml-signature-wrapping',
  rank: 8,
  detect(analyzed, context) {
    const facts = readFlowFacts(analyzed, context);
    const primary = facts.primary;
    if (primary === undefined) return [];
    const hopId = primary.hop.id;
    const shapes = findShapes(primary.response, primary.analysis, hopId);
    if (shapes.length === 0) return [];
    const first = shapes[0];
    const issued = facts.assertion?.issueInstant ?? primary.response.issueInstant;

    return [
      createFinding('saml-signature-wrapping', {
        basis: 'predicted',
        title: `Signature-wrapping shape in the SAML response: ${first?.title ?? 'the signed content is not what is read'}`,
        summary:
          'Your sign-in message is built the way forged messages are built: the part that names you is not the part that is signed. This is either an attack or a badly broken identity provider. Do not retry; report it to your security team and your Salesforce admin.',
        cause:
          'A relying party reads the identity (NameID, Role, RoleSessionName) from one element while the valid signature covers another, or a comment splits a signed value so that a careless reader sees only part of it. Attackers use these shapes to slip their own identity past a real signature (XML signature wrapping, comment injection CVE-2017-11428). Salesforce does not produce them: the message was altered or produced by something else.',
        evidence: shapes.map((shape) => shape.evidence),
        remediation: [
          {
            actor: 'salesforce-admin',
            text: 'Treat this as a security incident until shown otherwise: keep the redacted report, find out which system produced or relayed this response (browser extensions, proxies, another identity provider), and tell your security team.',
          },
          {
            actor: 'aws-admin',
            text: 'Check in CloudTrail whether AWS accepted any AssumeRoleWithSAML call around this time, and for which session name.',
            command: `aws cloudtrail lookup-events --lookup-attributes AttributeKey=EventName,AttributeValue=AssumeRoleWithSAML --start-time ${orPlaceholder(hourBefore(issued), 'start-time')} --end-time ${orPlaceholder(hourAfter(issued), 'end-time')}`,
          },
          {
            actor: 'salesforce-admin',
            text: 'If the response really comes from Salesforce unchanged, open a case with Salesforce Support and attach the redacted report.',
            consolePath: CONSOLE_PATHS.connectedApp,
          },
        ],
        sources: [SEED_SOURCES.awsIamSamlErrorsGuide],
      }),
    ];
  },
};

function findShapes(response: SamlResponse, analysis: SamlAnalysis, hopId: string): Shape[] {
  const report: SignatureReport | undefined = analysis.signatures;
  const shapes: Shape[] = [];
  const identity = response.assertions[0];

  for (const nested of response.nestedAssertions ?? []) {
    shapes.push({
      title: `an Assertion is hidden at ${nested.path ?? 'a nested position'}`,
      evidence: { label: 'Nested Assertion', observed: `${nested.path ?? 'nested'} (ID ${nested.id ?? 'none'})`, expected: 'Assertions only as direct children of the Response', hopId, field: nested.path },
    });
  }
  if ((response.nestedEncryptedAssertionCount ?? 0) > 0) {
    shapes.push({
      title: 'an EncryptedAssertion is hidden below another element',
      evidence: { label: 'Nested EncryptedAssertion', observed: String(response.nestedEncryptedAssertionCount), expected: '0', hopId },
    });
  }

  const validSignatures = (report?.signatures ?? []).filter((check) => check.outcome === 'valid' || check.outcome === 'valid-keyinfo-only');
  const covered = (assertion: SamlAssertion): boolean => report !== undefined && isElementCovered(report, assertion.element);
  if (report !== undefined && identity !== undefined && validSignatures.length > 0 && !covered(identity)) {
    const signedCopy = response.assertions.slice(1).find(covered);
    const signedPaths = validSignatures.map((check) => check.signedElementPath ?? check.parentPath).join(', ');
    shapes.push({
      title: signedCopy === undefined ? 'the identity assertion is not covered by the valid signature' : 'a second, unsigned Assertion precedes the signed one',
      evidence: {
        label: 'Identity assertion',
        observed: `Assertion ${identity.id ?? '(no ID)'} (read first) is covered by no valid signature; the valid signature covers ${signedPaths}${attestedOutcomeSuffix(analysis)}`,
        expected: 'the assertion read for the identity is the one the signature covers',
        hopId,
        field: identity.path ?? 'samlp:Response/saml:Assertion[1]',
      },
    });
  }
  if (response.assertions.length > 1) {
    shapes.push({
      title: `${String(response.assertions.length)} assertions in one response`,
      evidence: {
        label: 'Assertions',
        observed: response.assertions.map((assertion) => `${assertion.id ?? '(no ID)'}${covered(assertion) ? ' (signed)' : ' (unsigned)'}`).join(', '),
        expected: 'exactly one Assertion',
        hopId,
      },
    });
  }

  for (const problem of report?.problems ?? []) {
    if (problem.code !== 'duplicate-id') continue;
    shapes.push({ title: 'an ID is used by more than one element', evidence: { label: 'Duplicate ID', observed: problem.message, expected: 'unique IDs', hopId } });
  }
  const carriers = new Set([elementPath(response.element), ...response.assertions.map((assertion) => elementPath(assertion.element))]);
  const perParent = new Map<string, number>();
  for (const check of report?.signatures ?? []) perParent.set(check.parentPath, (perParent.get(check.parentPath) ?? 0) + 1);
  for (const [parentPath, count] of perParent) {
    if (!carriers.has(parentPath)) {
      shapes.push({
        title: `a signature sits on ${parentPath}, not on the Response or the Assertion`,
        evidence: { label: 'Signature position', observed: parentPath, expected: 'on the Response or on an Assertion', hopId, field: `${parentPath}/ds:Signature` },
      });
    }
    if (count > 1) {
      shapes.push({
        title: `${parentPath} carries ${String(count)} signatures`,
        evidence: { label: 'Repeated signature', observed: `${String(count)} ds:Signature elements on ${parentPath}`, expected: 'one signature per element', hopId, field: `${parentPath}/ds:Signature` },
      });
    }
  }
  for (const check of validSignatures) {
    if (check.referenceMatchesParent || check.signedElementPath === undefined) continue;
    // A signature placed in the Response that signs the identity assertion itself (samlify does
    // this) still covers exactly what is read: unusual, not a wrapping shape.
    if (check.signedElement !== undefined && (check.signedElement === identity?.element || check.signedElement === response.element)) continue;
    shapes.push({
      title: 'a signature signs another element than its parent',
      evidence: { label: 'Signature reference', observed: `the signature in ${check.parentPath} signs ${check.signedElementPath}`, expected: `it signs ${check.parentPath}`, hopId, field: `${check.parentPath}/ds:Signature` },
    });
  }

  const nameId = identity?.subject?.nameId;
  if (nameId !== undefined && nameId.hasCommentOrCdata && nameId.firstTextNode !== nameId.value) {
    shapes.push({
      title: 'a comment splits the NameID (comment injection)',
      evidence: { label: 'NameID', observed: `full text ${JSON.stringify(nameId.value)}, but a reader taking the first text node sees ${JSON.stringify(nameId.firstTextNode)}`, expected: 'one uninterrupted text value', hopId, field: 'saml:Assertion/saml:Subject/saml:NameID' },
    });
  }
  for (const attribute of identity?.attributes ?? []) {
    if (!attribute.hasCommentOrCdata || !isIdentityAttribute(attribute.name)) continue;
    shapes.push({
      title: 'a comment or CDATA section sits inside an AWS attribute value',
      evidence: { label: 'Attribute value', observed: `${attribute.name}: ${attribute.values.map((value) => JSON.stringify(value)).join(', ')} contains a comment or CDATA section`, expected: 'plain text', hopId, field: `saml:Attribute[@Name='${attribute.name}']/saml:AttributeValue` },
    });
  }
  return shapes;
}

function isIdentityAttribute(name: string): boolean {
  return name.startsWith('https://aws.amazon.com/SAML/Attributes/') || name === AWS_ATTRIBUTE.roleChina;
}

function shifted(iso: string | undefined, hours: number): string | undefined {
  const ms = iso === undefined ? Number.NaN : Date.parse(iso);
  return Number.isNaN(ms) ? undefined : new Date(ms + hours * 3_600_000).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

function hourBefore(iso: string | undefined): string | undefined {
  return shifted(iso, -1);
}

function hourAfter(iso: string | undefined): string | undefined {
  return shifted(iso, 1);
}
