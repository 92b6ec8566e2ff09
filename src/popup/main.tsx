import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { browserEnvironment } from '../ui/hooks/browser-environment.ts';
import '../ui/styles/theme.css';
import '../ui/styles/components.css';
import './popup.css';
import { PopupApp } from './popup-app.tsx';
import { t } from '../ui/i18n/t.ts';

const root = document.getElementById('root');
document.documentElement.lang = t('localeCode');
const environment = browserEnvironment();
if (root) {
  createRoot(root).render(
    <StrictMode>
      <PopupApp environment={environment} />
    </StrictMode>,
  );
}
