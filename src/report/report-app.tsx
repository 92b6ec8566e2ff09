import { useEffect, useState } from 'react';
import type { CertificateInfo } from '../core/certificate/certificate-info.ts';
import type { Diagnosis } from '../core/diagnosis/diagnosis.ts';
import { flowSteps, type FlowStep } from '../core/flow/summarize-flow.ts';
import type { IdpMetadata } from '../core/metadata/idp-metadata.ts';
import { readIdpMetadata } from '../core/metadata/read-idp-metadata.ts';
import type { DiscardedFlows, ExportFormat, StoredFlow } from '../messaging/protocol.ts';
import { CertificatePanel } from '../ui/components/certificate-panel.tsx';
import { DiscardedFlowsNote } from '../ui/components/discarded-flows-note.tsx';
import { AssertionView } from '../ui/components/assertion-view.tsx';
import { ExportDialog } from '../ui/components/export-dialog.tsx';
import { FindingList } from '../ui/components/finding-list.tsx';
import { FlowStepper } from '../ui/components/flow-stepper.tsx';
import { TextImport } from '../ui/components/text-import.tsx';
import { VerdictCard } from '../ui/components/verdict-card.tsx';
import { Waterfall } from '../ui/components/waterfall.tsx';
import { formatTime } from '../ui/format/format-time.ts';
import { errorMessage, type PageEnvironment } from '../ui/hooks/page-environment.ts';
import { useExport } from '../ui/hooks/use-export.ts';
import { t, type MessageKey } from '../ui/i18n/t.ts';

type ImportStatus = { readonly tone: 'ok' | 'error'; readonly message: string } | undefined;

const EXPORT_BUTTONS: readonly { readonly format: ExportFormat; readonly label: MessageKey }[] = [
  { format: 'markdown', label: 'formatMarkdown' },
  { format: 'json', label: 'formatJson' },
  { format: 'har', label: 'formatHar' },
];

export interface ReportAppProps {
  readonly environment: PageEnvironment;
  /** From `?flow=`; without it the latest flow is shown. */
  readonly flowId: string | undefined;
  /** Signing certificates AWS trusts, when known without metadata (the screenshot harness). */
  readonly awsCertificates?: readonly CertificateInfo[] | undefined;
}

/**
 * The hop to mark in the timeline: the one whose stage failed, else (an error predicted from the
 * assertion) where the primary finding's evidence comes from. A healthy flow marks none.
 */
export function failingHopId(steps: readonly FlowStep[], diagnosis: Diagnosis | undefined): string | undefined {
  const failed = steps.find((step) => step.failure !== undefined)?.failure?.hopId;
  if (failed !== undefined) return failed;
  if (diagnosis?.primary.severity !== 'error') return undefined;
  return diagnosis.primary.evidence.find((row) => row.hopId !== undefined)?.hopId;
}

/** The full report for admins: verdict, timeline, findings, the SAML message, signatures, imports, export. */
export function ReportApp({ environment, flowId, awsCertificates }: ReportAppProps) {
  const [stored, setStored] = useState<StoredFlow | undefined>(undefined);
  const [trustedFingerprints, setTrustedFingerprints] = useState<readonly string[]>([]);
  const [loadError, setLoadError] = useState<string | undefined>(undefined);
  const [loaded, setLoaded] = useState(false);
  const [exportOpen, setExportOpen] = useState(false);
  const [metadataXml, setMetadataXml] = useState<string | undefined>(undefined);
  const [usersJson, setUsersJson] = useState<string | undefined>(undefined);
  const [metadataStatus, setMetadataStatus] = useState<ImportStatus>(undefined);
  const [usersStatus, setUsersStatus] = useState<ImportStatus>(undefined);
  const [busy, setBusy] = useState(false);
  const [settingsMetadataXml, setSettingsMetadataXml] = useState<string | undefined>(undefined);
  const [awsMetadata, setAwsMetadata] = useState<IdpMetadata | undefined>(undefined);
  const [discarded, setDiscarded] = useState<DiscardedFlows | undefined>(undefined);

  // The certificate panel compares with the AWS-side metadata: imported here, else from settings.
  const metadataText = metadataXml ?? settingsMetadataXml;
  useEffect(() => {
    if (metadataText === undefined) return undefined;
    let current = true;
    void readIdpMetadata(metadataText).then((metadata) => {
      if (current) setAwsMetadata(metadata);
    });
    return () => {
      current = false;
    };
  }, [metadataText]);

  useEffect(() => {
    let current = true;
    const load = async (): Promise<void> => {
      const state = await environment.call('getState');
      const flow = flowId === undefined ? state.latest : await environment.call('getFlow', flowId);
      if (!current) return;
      setStored(flow);
      setTrustedFingerprints(state.settings.values.expectedCertificateFingerprints ?? []);
      setSettingsMetadataXml(state.settings.values.awsMetadataXml);
      setDiscarded(state.discarded);
      setLoaded(true);
    };
    load().catch((failure: unknown) => {
      if (!current) return;
      setLoadError(errorMessage(failure));
      setLoaded(true);
    });
    return () => {
      current = false;
    };
  }, [environment, flowId]);

  const exportProps = useExport(environment, stored?.flow.id, exportOpen, () => { setExportOpen(false); }, { allowUnredacted: true });

  const rediagnose = (next: { metadataXml?: string | undefined; usersJson?: string | undefined }, which: 'metadata' | 'users'): void => {
    if (stored === undefined) return;
    const setStatus = which === 'metadata' ? setMetadataStatus : setUsersStatus;
    setBusy(true);
    environment
      .call('rediagnose', {
        flowId: stored.flow.id,
        ...(next.metadataXml === undefined ? {} : { metadataXml: next.metadataXml }),
        ...(next.usersJson === undefined ? {} : { connectUsersJson: next.usersJson }),
      })
      .then((diagnosis) => {
        if (diagnosis === undefined) {
          setStatus({ tone: 'error', message: t('importNoFlow') });
          return;
        }
        setStored({ flow: stored.flow, diagnosis });
        setStatus({ tone: 'ok', message: t('importApplied', diagnosis.primary.id) });
      })
      .catch((failure: unknown) => {
        setStatus({ tone: 'error', message: t('importFailed', errorMessage(failure)) });
      })
      .finally(() => {
        setBusy(false);
      });
  };

  if (!loaded) return <p className="report__loading">{t('loading')}</p>;
  if (stored === undefined) {
    return (
      <main className="report">
        <h1>{t('reportTitle')}</h1>
        <p className="callout callout--warning" role="alert">
          {loadError === undefined ? t('reportNoFlow') : `${t('stateUnavailable')} ${loadError}`}
        </p>
        <DiscardedFlowsNote discarded={discarded} />
      </main>
    );
  }
  const { flow, diagnosis } = stored;
  const message = diagnosis?.message;
  const steps = flowSteps(flow);
  return (
    <div className="report">
      <header className="report__header">
        <div>
          <h1>{t('reportTitle')}</h1>
          <p className="muted">
            {t('reportFlowMeta', [formatTime(flow.startedAt, { withDate: true }), String(flow.hops.length), flow.closeReason ?? flow.state])}
          </p>
        </div>
        <div className="button-row" role="group" aria-label={t('exportReport')}>
          {EXPORT_BUTTONS.map((entry) => (
            <button
              key={entry.format}
              type="button"
              className="button"
              disabled={diagnosis === undefined}
              onClick={() => {
                exportProps.onFormatChange(entry.format);
                setExportOpen(true);
              }}
            >
              {t('exportAs', t(entry.label))}
            </button>
          ))}
        </div>
      </header>
      <nav className="report__nav" aria-label={t('reportSections')}>
        <a href="#verdict">{t('sectionVerdict')}</a>
        <a href="#timeline">{t('sectionTimeline')}</a>
        <a href="#findings">{t('sectionFindings')}</a>
        {message === undefined ? null : <a href="#assertion">{t('sectionAssertion')}</a>}
        {message === undefined ? null : <a href="#signature">{t('sectionSignature')}</a>}
        <a href="#evidence">{t('sectionImport')}</a>
      </nav>
      <main className="report__main">
        {exportOpen ? <ExportDialog {...exportProps} /> : null}
        <section id="verdict" className="report__section" aria-labelledby="verdict-heading">
          <h2 id="verdict-heading" className="visually-hidden">
            {t('sectionVerdict')}
          </h2>
          <FlowStepper steps={steps} />
          {diagnosis === undefined ? <p className="muted">{t('noDiagnosis')}</p> : <VerdictCard finding={diagnosis.primary} copy={environment.copyText} adminStepsOpen />}
        </section>
        <section id="timeline" className="report__section" aria-labelledby="timeline-heading">
          <h2 id="timeline-heading">{t('sectionTimeline')}</h2>
          <Waterfall hops={flow.hops} failingHopId={failingHopId(steps, diagnosis)} />
        </section>
        <section id="findings" className="report__section" aria-labelledby="findings-heading">
          <h2 id="findings-heading">{t('sectionFindings')}</h2>
          {diagnosis === undefined ? <p className="muted">{t('noDiagnosis')}</p> : <FindingList findings={diagnosis.findings} copy={environment.copyText} />}
        </section>
        {message === undefined ? null : (
          <>
            <section id="assertion" className="report__section" aria-labelledby="assertion-heading">
              <h2 id="assertion-heading">{t('sectionAssertion')}</h2>
              <AssertionView message={message} copy={environment.copyText} />
            </section>
            <section id="signature" className="report__section" aria-labelledby="signature-heading">
              <h2 id="signature-heading">{t('sectionSignature')}</h2>
              <CertificatePanel
                signatures={message.signatures}
                certificates={message.certificates}
                awsCertificates={awsCertificates ?? awsMetadata?.signingCertificates}
                awsEntityId={awsMetadata?.entityId}
                trustedFingerprints={trustedFingerprints}
                issuer={message.assertion?.issuer ?? message.issuer}
                now={diagnosis?.evaluatedAt ?? flow.startedAt}
              />
            </section>
          </>
        )}
        <section id="evidence" className="report__section" aria-labelledby="evidence-heading">
          <h2 id="evidence-heading">{t('sectionImport')}</h2>
          <p className="muted">{t('importIntro')}</p>
          <div className="import-grid">
            <TextImport
              id="import-metadata"
              label={t('importMetadataLabel')}
              hint={t('importMetadataHint')}
              accept=".xml,application/xml,text/xml"
              busy={busy}
              status={metadataStatus}
              onImport={(text) => {
                setMetadataXml(text);
                rediagnose({ metadataXml: text, usersJson }, 'metadata');
              }}
            />
            <TextImport
              id="import-users"
              label={t('importUsersLabel')}
              hint={t('importUsersHint')}
              accept=".json,application/json"
              busy={busy}
              status={usersStatus}
              onImport={(text) => {
                setUsersJson(text);
                rediagnose({ metadataXml, usersJson: text }, 'users');
              }}
            />
          </div>
        </section>
      </main>
    </div>
  );
}
