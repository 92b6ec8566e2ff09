import { analyzeSamlValue } from '../core/analysis/analyze-saml-value.ts';
import { decodeSamlValue } from '../core/binding/decode-saml-value.ts';
import { parseCertificate } from '../core/certificate/parse-certificate.ts';
import { readConnectUsers } from '../core/connect/read-connect-users.ts';
import type { Diagnosis } from '../core/diagnosis/diagnosis.ts';
import type { DiagnosisContext } from '../core/diagnosis/diagnosis-context.ts';
import { diagnoseFlow } from '../core/diagnosis/diagnose.ts';
import { summarizeSamlAnalysis } from '../core/analysis/summarize-saml-analysis.ts';
import { noteAttestedSignatures } from '../core/export/describe-signature-outcome.ts';
import { readDiagnosisInput, type DiagnosisInput } from '../core/input/read-diagnosis-input.ts';
import { readIdpMetadata } from '../core/metadata/read-idp-metadata.ts';
import { redactHar } from '../core/redaction/redact-har.ts';
import { parseUsernameFormat } from '../core/settings/parse-username-format.ts';
import { parseCliArgs, USAGE, type DiagnoseOptions, type InspectOptions } from './parse-cli-args.ts';
import { renderDiagnosisText } from './render-diagnosis-text.ts';
import { renderInspectionText } from './render-inspection-text.ts';

/** Everything the CLI touches outside itself, injected so tests run it in-process. */
export interface CliIo {
  readFile(path: string): Promise<Uint8Array>;
  writeFile(path: string, content: string): Promise<void>;
  stdout(text: string): void;
  stderr(text: string): void;
  now(): string;
  randomSeed(): string;
  version: string;
}

/** Exit codes: 0 when the tool ran (whatever it found), 2 on unusable input or usage errors. */
export async function runCli(argv: readonly string[], io: CliIo): Promise<number> {
  const parsed = parseCliArgs(argv);
  if (!parsed.ok) {
    io.stderr(`sso-doctor: ${parsed.error}\n${USAGE}\n`);
    return 2;
  }
  const command = parsed.value;
  switch (command.command) {
    case 'help':
      io.stdout(`${USAGE}\n`);
      return 0;
    case 'version':
      io.stdout(`${io.version}\n`);
      return 0;
    case 'inspect':
      return inspect(command.file, command.options, io);
    case 'diagnose':
      return diagnose(command.file, command.options, io);
    case 'redact':
      return redact(command.file, command.output, command.seed, io);
  }
}

async function readText(io: CliIo, path: string, what: string): Promise<string | { error: string }> {
  try {
    return new TextDecoder('utf-8').decode(await io.readFile(path));
  } catch (error) {
    const code = (error as { code?: string } | undefined)?.code; // -- reason: Node fs errors carry a string code
    return { error: `cannot read ${what} ${path}: ${code === 'ENOENT' ? 'no such file' : error instanceof Error ? error.message : String(error)}` };
  }
}

function unusable(io: CliIo, reason: string): number {
  io.stderr(`sso-doctor: ${reason.split('\n')[0] ?? reason}\n`);
  return 2;
}

async function buildContext(options: InspectOptions & Partial<DiagnoseOptions>, io: CliIo): Promise<DiagnosisContext | { error: string }> {
  const context: { -readonly [K in keyof DiagnosisContext]: DiagnosisContext[K] } = { now: options.now !== undefined ? new Date(options.now).toISOString() : io.now() };
  if (options.metadata !== undefined) {
    const text = await readText(io, options.metadata, 'metadata');
    if (typeof text !== 'string') return text;
    context.metadata = await readIdpMetadata(await io.readFile(options.metadata));
  }
  if (options.certificate !== undefined) {
    const text = await readText(io, options.certificate, 'certificate');
    if (typeof text !== 'string') return text;
    const certificate = await parseCertificate(text);
    if (!certificate.ok) return { error: `--cert ${options.certificate}: ${certificate.problems[0]?.message ?? 'not a certificate'}` };
    context.expectedCertificateFingerprints = [certificate.info.sha256Fingerprint];
  }
  if (options.users !== undefined) {
    const text = await readText(io, options.users, 'user list');
    if (typeof text !== 'string') return text;
    const users = readConnectUsers(text);
    if (!users.ok) return { error: `--users ${options.users}: ${users.problems[0]?.message ?? 'unreadable'}` };
    context.connectUsers = users.users;
  }
  if (options.expectIssuer !== undefined) context.expectedIssuer = options.expectIssuer;
  if (options.region !== undefined) context.region = options.region;
  if (options.instanceId !== undefined) context.instanceId = options.instanceId;
  if (options.usernameFormat !== undefined) {
    const format = parseUsernameFormat(options.usernameFormat);
    if (!format.ok) return { error: `--username-format: ${format.message}` };
    context.connectUsernameFormat = options.usernameFormat;
  }
  return context;
}

/** Reads the file and the expectation files; an exit code when anything is unusable. */
async function readInputs(file: string, options: InspectOptions & Partial<DiagnoseOptions>, io: CliIo): Promise<number | { context: DiagnosisContext; input: Exclude<DiagnosisInput, { kind: 'unusable' }> }> {
  const text = await readText(io, file, 'file');
  if (typeof text !== 'string') return unusable(io, text.error);
  const context = await buildContext(options, io);
  if ('error' in context) return unusable(io, context.error);
  const input = readDiagnosisInput(text, context.now);
  if (input.kind === 'unusable') return unusable(io, input.problems[0]?.message ?? 'unusable input');
  return { context, input };
}

async function inspect(file: string, options: InspectOptions, io: CliIo): Promise<number> {
  const read = await readInputs(file, options, io);
  if (typeof read === 'number') return read;
  const { context, input } = read;
  const values =
    input.kind === 'message'
      ? [{ label: file, value: input.value, parameter: input.parameter }]
      : input.flows.flatMap((flow) =>
          flow.hops.flatMap((hop) => {
            const value = hop.saml?.SAMLResponse ?? hop.saml?.SAMLRequest;
            if (value === undefined) return [];
            // A redacted export's attestation stands in for the signatures redaction removed.
            const attestation = hop.redaction === undefined ? {} : { attestation: hop.redaction };
            return [{ label: `${hop.method} ${hop.url}`, value, parameter: hop.saml?.SAMLResponse !== undefined ? ('SAMLResponse' as const) : ('SAMLRequest' as const), ...attestation }];
          }),
        );
  if (values.length === 0) return unusable(io, 'the HAR file carries no SAMLResponse or SAMLRequest');
  const trusted = (context.metadata?.signingCertificates ?? []).map((c) => base64Bytes(c.derBase64));
  const summaries = [];
  for (const item of values) {
    const analysis = await analyzeSamlValue(item.value, item.parameter, { trustedCertificates: trusted, ...('attestation' in item ? { attestation: item.attestation } : {}) });
    if (!analysis.decoding.ok && values.length === 1) {
      if (options.json) io.stdout(`${JSON.stringify({ ok: false, problems: analysis.problems }, null, 2)}\n`);
      return unusable(io, analysis.problems.find((p) => p.severity === 'error')?.message ?? 'the value cannot be decoded');
    }
    summaries.push({ label: item.label, summary: summarizeSamlAnalysis(analysis, item.label), problems: analysis.problems });
  }
  if (options.json) {
    const json = summaries.map((s) => ({ ...s, summary: { ...s.summary, signatures: noteAttestedSignatures(s.summary.signatures) } }));
    io.stdout(`${JSON.stringify(json.length === 1 ? json[0] : json, null, 2)}\n`);
  }
  else io.stdout(`${summaries.map((s) => renderInspectionText(s.summary, s.label)).join('\n\n')}\n`);
  return 0;
}

async function diagnose(file: string, options: DiagnoseOptions, io: CliIo): Promise<number> {
  const read = await readInputs(file, options, io);
  if (typeof read === 'number') return read;
  const { context, input } = read;
  if (input.kind === 'message') {
    // A lone value that is not SAML at all is unusable input (exit 2), not a verdict.
    const decoding = decodeSamlValue(input.value);
    if (!decoding.ok) return unusable(io, `${file}: ${decoding.problems.find((p) => p.severity === 'error')?.message ?? 'not a SAML message'}`);
  }
  const flows = input.kind === 'har' ? input.flows : [input.flow];
  const note = input.kind === 'har' ? input.export : undefined;
  // A HAR exported by sso-doctor is re-diagnosed as of its export, with the trust it stated.
  const effective: DiagnosisContext = {
    ...context,
    ...(note?.evaluatedAt !== undefined && options.now === undefined ? { now: note.evaluatedAt } : {}),
    ...(note !== undefined && note.trustedFingerprints.length > 0 && options.metadata === undefined && options.certificate === undefined
      ? { expectedCertificateFingerprints: note.trustedFingerprints }
      : {}),
  };
  const diagnoses: Diagnosis[] = [];
  for (const flow of flows) diagnoses.push(await diagnoseFlow(flow, effective));
  // The flow that got furthest into the chain and failed is the one the user asks about: the last one.
  const main = diagnoses.at(-1);
  if (main === undefined) return unusable(io, 'no SSO flow found');
  if (options.json) {
    const signatures = main.message === undefined ? {} : { signatures: noteAttestedSignatures(main.message.signatures) };
    io.stdout(`${JSON.stringify({ findings: main.findings.map(toJsonFinding), flowId: main.flowId, evaluatedAt: main.evaluatedAt, flows: diagnoses.map((d) => ({ flowId: d.flowId, primary: d.primary.id })), ...signatures }, null, 2)}\n`);
  } else {
    io.stdout(`${diagnoses.map((d) => renderDiagnosisText(d, diagnoses.length > 1 ? `Flow ${d.flowId}:` : undefined)).join('\n\n')}\n`);
  }
  return 0;
}

function toJsonFinding(finding: Diagnosis['findings'][number]) {
  return {
    id: finding.id,
    severity: finding.severity,
    title: finding.title,
    summary: finding.summary,
    evidence: finding.evidence,
    cause: finding.cause,
    remediation: finding.remediation,
    basis: finding.basis,
    sources: finding.sources,
  };
}

async function redact(file: string, output: string | undefined, seed: string | undefined, io: CliIo): Promise<number> {
  const text = await readText(io, file, 'HAR file');
  if (typeof text !== 'string') return unusable(io, text.error);
  const result = await redactHar(text, { salt: seed ?? io.randomSeed(), now: io.now() });
  if (!result.ok) return unusable(io, result.problems[0]?.message ?? 'not a HAR file');
  if (output === undefined) io.stdout(`${result.har}\n`);
  else {
    await io.writeFile(output, result.har);
    io.stderr(`sso-doctor: wrote ${output} (${String(result.receipt.length)} redaction rules applied)\n`);
  }
  return 0;
}

function base64Bytes(base64: string): Uint8Array {
  return Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
}
