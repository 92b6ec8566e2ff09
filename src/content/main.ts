// Content script entry: wiring only. Reports recognised error pages to the worker.
import { sendMessage } from '../messaging/send-message.ts';
import { watchPage } from './watch-page.ts';

watchPage((url, reading) => {
  sendMessage('reportPage', { url, reading }).catch(() => {
    // The worker refused or is gone (extension reloaded): nothing to do on the page's side.
  });
});
