import type { CertificateInfo } from '../../core/certificate/certificate-info.ts';
import type { SignatureSummary } from '../../core/diagnosis/diagnosis.ts';
import type { SignatureOutcome } from '../../core/signature/signature-check.ts';
import { t, type MessageKey } from '../i18n/t.ts';
import { StatusIcon, type StatusIconKind } from './status-icon.tsx';
import { ValidityBar } from './validity-bar.tsx';

const OUTCOME: Readonly<Record<SignatureOutcome, { readonly label: MessageKey; readonly icon: StatusIconKind }>> = {
  valid: { label: 'outcomeValid', icon: 'ok' },
  'valid-keyinfo-only': { label: 'outcomeKeyInfoOnly', icon: 'warning' },
  invalid: { label: 'outcomeInvalid', icon: 'failed' },
  unsupported: { label: 'outcomeUnsupported', icon: 'info' },
  unverifiable: { label: 'outcomeUnverifiable', icon: 'warning' },
};

/** `http://www.w3.org/2001/04/xmldsig-more#rsa-sha256` → `rsa-sha256`; the full URI stays in the tooltip. */
function algorithmName(uri: string | undefined): string {
  if (uri === undefined) return '—';
  const hash = uri.lastIndexOf('#');
  return hash < 0 ? uri : uri.slice(hash + 1);
}

export interface CertificatePanelProps {
  readonly signatures: readonly SignatureSummary[];
  /** Certificates the message carried (KeyInfo). */
  readonly certificates: readonly CertificateInfo[];
  /** Certificates in the AWS-side IdP metadata, when the admin supplied it. */
  readonly awsCertificates?: readonly CertificateInfo[] | undefined;
  /** SHA-1 or SHA-256 fingerprints AWS is expected to trust (settings / policy), any case, colons optional. */
  readonly trustedFingerprints?: readonly string[] | undefined;
  readonly awsEntityId?: string | undefined;
  readonly issuer?: string | undefined;
  /** Evaluation time (the diagnosis time), for the validity bars. */
  readonly now: string;
}

/** Signatures (what is signed, how, the outcome) and certificates (validity, key, fingerprints, AWS comparison). */
/** Fingerprints compare without colons, spaces or letter case (consoles print them differently). */
export function normalizeFingerprint(fingerprint: string): string {
  return fingerprint.replace(/[^0-9a-f]/gi, '').toUpperCase();
}

export function CertificatePanel({ signatures, certificates, awsCertificates, trustedFingerprints, awsEntityId, issuer, now }: CertificatePanelProps) {
  const haveTrust = awsCertificates !== undefined || (trustedFingerprints !== undefined && trustedFingerprints.length > 0);
  const trusted = new Set([
    ...(awsCertificates ?? []).flatMap((certificate) => [certificate.sha256Fingerprint, certificate.sha1Fingerprint]),
    ...(trustedFingerprints ?? []),
  ].map(normalizeFingerprint));
  const isTrusted = (certificate: CertificateInfo): boolean =>
    trusted.has(normalizeFingerprint(certificate.sha256Fingerprint)) || trusted.has(normalizeFingerprint(certificate.sha1Fingerprint));
  return (
    <div className="certificates">
      {signatures.length === 0 ? (
        <p className="callout callout--warning">{t('noSignatures')}</p>
      ) : (
        <table className="signatures">
          <thead>
            <tr>
              <th scope="col">{t('signedElement')}</th>
              <th scope="col">{t('signatureAlgorithm')}</th>
              <th scope="col">{t('digestAlgorithm')}</th>
              <th scope="col">{t('digests')}</th>
              <th scope="col">{t('signatureOutcome')}</th>
            </tr>
          </thead>
          <tbody>
            {signatures.map((signature, index) => {
              const outcome = OUTCOME[signature.outcome];
              return (
                <tr key={index} data-outcome={signature.outcome} data-basis={signature.basis ?? 'verified'}>
                  <th scope="row">
                    <code>{signature.signedElement ?? '—'}</code>
                    {signature.referenceMatchesParent ? null : <span className="badge badge--failed">{t('referenceNotParent')}</span>}
                  </th>
                  <td title={signature.signatureMethod}>
                    <code>{algorithmName(signature.signatureMethod)}</code>
                  </td>
                  <td title={signature.digestMethods.join(' ')}>
                    <code>{signature.digestMethods.map(algorithmName).join(', ') || '—'}</code>
                  </td>
                  <td>{signature.digestsValid ? t('digestsMatch') : t('digestsDiffer')}</td>
                  <td>
                    <span className={`outcome outcome--${outcome.icon}`}>
                      <StatusIcon kind={outcome.icon} />
                      {t(outcome.label)}
                    </span>
                    {/* The redacted XML cannot be verified: the outcome is the exporter's word for it. */}
                    {signature.basis === 'attested' ? <span className="badge badge--attested">{t('outcomeAttested')}</span> : null}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
      {issuer !== undefined && awsEntityId !== undefined ? (
        <p className={issuer === awsEntityId ? 'compare compare--same' : 'compare compare--differs'}>
          <StatusIcon kind={issuer === awsEntityId ? 'ok' : 'failed'} />
          {issuer === awsEntityId ? t('issuerMatchesMetadata') : t('issuerDiffersMetadata', [issuer, awsEntityId])}
        </p>
      ) : null}
      <h3>{t('certificatesInMessage')}</h3>
      {certificates.length === 0 ? <p className="muted">{t('noCertificates')}</p> : null}
      {certificates.map((certificate) => (
        <CertificateCard
          key={certificate.sha256Fingerprint}
          certificate={certificate}
          now={now}
          inAwsMetadata={haveTrust ? isTrusted(certificate) : undefined}
        />
      ))}
      {awsCertificates === undefined ? (
        haveTrust ? null : <p className="muted">{t('noAwsMetadata')}</p>
      ) : (
        <>
          <h3>{t('certificatesInAwsMetadata')}</h3>
          {awsCertificates.map((certificate) => (
            <CertificateCard key={certificate.sha256Fingerprint} certificate={certificate} now={now} inAwsMetadata={undefined} />
          ))}
        </>
      )}
    </div>
  );
}

function CertificateCard({ certificate, now, inAwsMetadata }: { readonly certificate: CertificateInfo; readonly now: string; readonly inAwsMetadata: boolean | undefined }) {
  const key = `${certificate.keyAlgorithm}${certificate.keyBits === undefined ? '' : ` ${String(certificate.keyBits)} bit`}${certificate.curve === undefined ? '' : ` (${certificate.curve})`}`;
  return (
    <div className="certificate" data-fingerprint={certificate.sha256Fingerprint}>
      <p className="certificate__subject">
        <code>{certificate.subject}</code>
      </p>
      {inAwsMetadata === undefined ? null : (
        <p className={inAwsMetadata ? 'compare compare--same' : 'compare compare--differs'}>
          <StatusIcon kind={inAwsMetadata ? 'ok' : 'failed'} />
          {inAwsMetadata ? t('certificateInAws') : t('certificateNotInAws')}
        </p>
      )}
      <ValidityBar notBefore={certificate.notBefore} notAfter={certificate.notAfter} now={now} />
      <dl className="facts facts--compact">
        <div className="facts__row">
          <dt>{t('certificateIssuer')}</dt>
          <dd>
            {certificate.selfSigned ? t('selfSigned') : <code>{certificate.issuer}</code>}
          </dd>
        </div>
        <div className="facts__row">
          <dt>{t('certificateKey')}</dt>
          <dd>
            {key}
            {certificate.keyBits !== undefined && certificate.keyAlgorithm === 'RSA' && certificate.keyBits < 2048 ? <span className="badge badge--failed">{t('weakKey')}</span> : null}
          </dd>
        </div>
        <div className="facts__row">
          <dt>{t('certificateSignatureAlgorithm')}</dt>
          <dd>{certificate.signatureAlgorithm}</dd>
        </div>
        <div className="facts__row">
          <dt>{t('fingerprintSha256')}</dt>
          <dd>
            <code className="fingerprint">{certificate.sha256Fingerprint}</code>
          </dd>
        </div>
        <div className="facts__row">
          <dt>{t('fingerprintSha1')}</dt>
          <dd>
            <code className="fingerprint">{certificate.sha1Fingerprint}</code>
          </dd>
        </div>
        <div className="facts__row">
          <dt>{t('serialNumber')}</dt>
          <dd>
            <code>{certificate.serialNumber}</code>
          </dd>
        </div>
      </dl>
    </div>
  );
}
