import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { browserEnvironment } from '../ui/hooks/browser-environment.ts';
import { t } from '../ui/i18n/t.ts';
import '../ui/styles/theme.css';
import '../ui/styles/components.css';
import './report.css';
import { ReportApp } from './report-app.tsx';

const root = document.getElementById('root');
document.documentElement.lang = t('localeCode');
document.title = t('reportTitle');
const flowId = new URLSearchParams(location.search).get('flow') ?? undefined;
if (root) {
  createRoot(root).render(
    <StrictMode>
      <ReportApp environment={browserEnvironment()} flowId={flowId} />
    </StrictMode>,
  );
}
