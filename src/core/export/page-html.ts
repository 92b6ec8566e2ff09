import type { PageReading } from '../flow/flow.ts';

/**
 * An error page as the smallest HTML that `classifyPageText` classifies the same way: the title,
 * the matched excerpt, and the STS error details and role ARN when the excerpt lacks them. What a
 * HAR export keeps of a page instead of its body.
 */
export function pageHtml(page: PageReading): string {
  const paragraphs = [page.excerpt];
  for (const error of page.serviceErrors ?? []) {
    const details = [
      `Service: ${error.service}`,
      ...(error.statusCode === undefined ? [] : [`Status Code: ${String(error.statusCode)}`]),
      ...(error.errorCode === undefined ? [] : [`Error Code: ${error.errorCode}`]),
      ...(error.requestId === undefined ? [] : [`Request ID: ${error.requestId}`]),
    ].join('; ');
    if (!page.excerpt.includes(`Service: ${error.service}`)) paragraphs.push(`(${details})`);
  }
  if (page.roleArn !== undefined && !page.excerpt.includes(page.roleArn)) paragraphs.push(page.roleArn);
  const title = page.title === undefined ? '' : `<title>${escapeHtml(page.title)}</title>`;
  return `<!DOCTYPE html><html><head><meta charset="utf-8">${title}</head><body>${paragraphs.map((text) => `<p>${escapeHtml(text)}</p>`).join('')}</body></html>`;
}

function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}
