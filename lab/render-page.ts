export function escapeHtml(text: string): string {
  return text
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;')
    .replaceAll('"', '&quot;')
    .replaceAll("'", '&#39;');
}

export interface PageContent {
  readonly title: string;
  /** Inner HTML of `<body>`; callers escape every value they put in it. */
  readonly bodyHtml: string;
}

/** A plain HTML page. The lab's pages are ordinary web pages: no CSP, no frame restrictions. */
export function renderPage(page: PageContent): string {
  return [
    '<!DOCTYPE html>',
    '<html lang="en">',
    '<head>',
    '<meta charset="utf-8">',
    `<title>${escapeHtml(page.title)}</title>`,
    '</head>',
    `<body>${page.bodyHtml}</body>`,
    '</html>',
    '',
  ].join('\n');
}

/** A page that tells the user something failed. */
export interface ErrorPage {
  readonly status: number;
  readonly title: string;
  readonly heading: string;
  readonly paragraphs: readonly string[];
}

export function renderErrorPage(page: ErrorPage): string {
  const body = [`<h1>${escapeHtml(page.heading)}</h1>`, ...page.paragraphs.map((p) => `<p>${escapeHtml(p)}</p>`)].join('\n');
  return renderPage({ title: page.title, bodyHtml: `<main>\n${body}\n</main>` });
}
