import { useState } from 'react';
import { flowSteps } from '../core/flow/summarize-flow.ts';
import type { Settings } from '../core/settings/settings.ts';
import type { EffectiveSettings } from '../messaging/protocol.ts';
import { AppLogo } from '../ui/components/app-logo.tsx';
import { ConfirmPanel } from '../ui/components/confirm-panel.tsx';
import { DiscardedFlowsNote } from '../ui/components/discarded-flows-note.tsx';
import { EmptyState } from '../ui/components/empty-state.tsx';
import { ExportDialog } from '../ui/components/export-dialog.tsx';
import { FlowStepper } from '../ui/components/flow-stepper.tsx';
import { LinkSetupForm } from '../ui/components/link-setup-form.tsx';
import { VerdictCard } from '../ui/components/verdict-card.tsx';
import { formatTime } from '../ui/format/format-time.ts';
import { errorMessage, type PageEnvironment } from '../ui/hooks/page-environment.ts';
import { useExport } from '../ui/hooks/use-export.ts';
import { isGuidedRunWatching, usePopupState } from '../ui/hooks/use-popup-state.ts';
import { t } from '../ui/i18n/t.ts';

type View = 'main' | 'link' | 'export' | 'confirm-clear';

/** The values a page may send back to `saveSettings`: policy-managed keys are never sent. */
export function unmanagedValues(settings: EffectiveSettings): Settings {
  return Object.fromEntries(Object.entries(settings.values).filter(([key]) => !settings.managed.some((managed) => managed === key)));
}

export function reportUrl(environment: PageEnvironment, flowId: string): string {
  return environment.extensionUrl(`src/report/index.html?flow=${encodeURIComponent(flowId)}`);
}

/** The toolbar popup: latest flow, verdict, what to do, and the four actions. */
export function PopupApp({ environment }: { readonly environment: PageEnvironment }) {
  const { state, error, refresh } = usePopupState(environment);
  const [view, setView] = useState<View>('main');
  const [link, setLink] = useState('');
  const [linkError, setLinkError] = useState<'invalid-link' | 'save-failed' | undefined>(undefined);
  const [busy, setBusy] = useState(false);
  const [notice, setNotice] = useState<string | undefined>(undefined);
  const latest = state?.latest;
  const exportProps = useExport(environment, latest?.flow.id, view === 'export', () => {
    setView('main');
  });
  const linkManaged = state?.settings.managed.includes('telephonyProviderSettingsUrl') ?? false;

  const diagnose = (): void => {
    setBusy(true);
    setNotice(undefined);
    environment
      .call('startGuidedDiagnose')
      .then((start) => {
        if (start.ok) {
          setView('main');
          refresh();
          return;
        }
        if (linkManaged) {
          setNotice(t('linkManagedMissing'));
          return;
        }
        setLinkError(start.reason === 'invalid-link' ? 'invalid-link' : undefined);
        setLink(state?.settings.values.telephonyProviderSettingsUrl ?? '');
        setView('link');
      })
      .catch((failure: unknown) => {
        setNotice(t('diagnoseFailed', errorMessage(failure)));
      })
      .finally(() => {
        setBusy(false);
      });
  };

  const saveLink = (): void => {
    if (state === undefined) return;
    setBusy(true);
    environment
      .call('saveSettings', { ...unmanagedValues(state.settings), telephonyProviderSettingsUrl: link.trim() })
      .then(() => {
        setLinkError(undefined);
        setBusy(false);
        diagnose();
      })
      .catch(() => {
        setLinkError('save-failed');
        setBusy(false);
      });
  };

  const clear = (): void => {
    environment.call('clearFlows').then(
      () => {
        setView('main');
        refresh();
      },
      (failure: unknown) => {
        setNotice(errorMessage(failure));
        setView('main');
      },
    );
  };

  return (
    <div className="popup">
      <header className="popup__header">
        <AppLogo />
        <h1>{t('appName')}</h1>
        {latest === undefined ? null : (
          <span className="popup__when muted" title={latest.flow.startedAt}>
            {latest.flow.background === true ? `${t('backgroundSignIn')} · ` : ''}
            {formatTime(latest.flow.startedAt)}
          </span>
        )}
      </header>
      <main className="popup__main">
        {error === undefined ? null : (
          <p className="callout callout--error" role="alert">
            {t('stateUnavailable')} {error}
          </p>
        )}
        {notice === undefined ? null : (
          <p className="callout callout--warning" role="status">
            {notice}
          </p>
        )}
        {!isGuidedRunWatching(state, Date.now()) ? null : (
          <p className="callout callout--info live" role="status" aria-live="polite">
            {t('guidedRunning')}
          </p>
        )}
        {view === 'main' ? <DiscardedFlowsNote discarded={state?.discarded} /> : null}
        {view === 'link' ? (
          <LinkSetupForm
            value={link}
            onChange={setLink}
            onSubmit={saveLink}
            onCancel={() => {
              setView('main');
            }}
            saving={busy}
            error={linkError}
          />
        ) : view === 'export' ? (
          <ExportDialog {...exportProps} />
        ) : state === undefined && error === undefined ? (
          <p aria-live="polite">{t('loading')}</p>
        ) : latest === undefined ? (
          <EmptyState />
        ) : (
          <>
            <FlowStepper steps={flowSteps(latest.flow)} />
            {latest.diagnosis === undefined ? (
              <p className="muted" aria-live="polite">
                {latest.flow.state === 'running' ? t('flowRunning') : t('noDiagnosis')}
              </p>
            ) : (
              <>
                {latest.flow.state === 'running' ? (
                  <p className="muted" aria-live="polite">
                    {t('earlyVerdict')}
                  </p>
                ) : null}
                <VerdictCard finding={latest.diagnosis.primary} copy={environment.copyText} />
              </>
            )}
          </>
        )}
        {view === 'confirm-clear' ? (
          <ConfirmPanel
            message={t('clearConfirm')}
            confirmLabel={t('clearConfirmButton')}
            onConfirm={clear}
            onCancel={() => {
              setView('main');
            }}
          />
        ) : null}
      </main>
      {view === 'main' ? (
        <footer className="popup__actions">
          <button type="button" className="button button--primary" onClick={diagnose} disabled={busy || state === undefined}>
            {t('diagnose')}
          </button>
          {latest === undefined ? null : (
            <button
              type="button"
              className="button"
              onClick={() => {
                environment.openTab(reportUrl(environment, latest.flow.id));
              }}
            >
              {t('detailsForAdmins')}
            </button>
          )}
          {latest?.diagnosis === undefined ? null : (
            <button
              type="button"
              className="button"
              onClick={() => {
                setView('export');
              }}
            >
              {t('exportReport')}
            </button>
          )}
          {state === undefined || (state.flows.length === 0 && state.discarded === undefined) ? null : (
            <button
              type="button"
              className="button button--quiet"
              onClick={() => {
                setView('confirm-clear');
              }}
            >
              {t('clearData')}
            </button>
          )}
        </footer>
      ) : null}
    </div>
  );
}
