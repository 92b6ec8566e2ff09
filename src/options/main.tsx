import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { browserEnvironment } from '../ui/hooks/browser-environment.ts';
import { t } from '../ui/i18n/t.ts';
import '../ui/styles/theme.css';
import '../ui/styles/components.css';
import './options.css';
import { OptionsApp } from './options-app.tsx';

const root = document.getElementById('root');
document.documentElement.lang = t('localeCode');
document.title = t('optionsTitle');
if (root) {
  createRoot(root).render(
    <StrictMode>
      <OptionsApp environment={browserEnvironment()} />
    </StrictMode>,
  );
}
