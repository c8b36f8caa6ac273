/**
 * Small server-rendered HTML helpers: escaping, the page frame with its inline stylesheet, error
 * pages, and the auto-submitting form platforms use to hand messages to tools.
 */
import type { Response } from 'express';

/** Escapes text for HTML element content and attribute values. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c);
}

const STYLE = `
*{box-sizing:border-box}
body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;margin:0;color:#1b1f24;background:#f6f7f9;line-height:1.5}
header.top{background:#1f3a5f;color:#fff;padding:.75rem 1.5rem}
header.top a{color:#fff}
main{max-width:64rem;margin:0 auto;padding:1.5rem}
.layout{display:flex;gap:1.5rem;align-items:flex-start}
nav.course-nav{min-width:13rem;background:#fff;border:1px solid #d0d7de;border-radius:6px;padding:.75rem}
nav.course-nav ul{list-style:none;margin:0;padding:0}
nav.course-nav li{margin:.25rem 0}
section.card{background:#fff;border:1px solid #d0d7de;border-radius:6px;padding:1rem 1.25rem;margin-bottom:1rem;flex:1}
table{border-collapse:collapse;width:100%}
th,td{text-align:left;padding:.4rem .5rem;border-bottom:1px solid #e5e8eb;vertical-align:top}
button,.button{font:inherit;background:#1f6feb;color:#fff;border:0;border-radius:6px;padding:.4rem .8rem;cursor:pointer;text-decoration:none;display:inline-block}
button.secondary{background:#57606a}
a{color:#0b57d0}
a:focus-visible,button:focus-visible,.button:focus-visible,iframe:focus-visible{outline:3px solid #ffbf47;outline-offset:2px}
iframe.tool{width:100%;height:70vh;border:1px solid #d0d7de;border-radius:6px;background:#fff}
.error{border-left:4px solid #cf222e;background:#fff;padding:1rem 1.25rem}
.muted{color:#57606a}
.visually-hidden{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap}
`;

/** Wraps body HTML in a complete, accessible page (lang, title, skip-free simple landmarks). */
export function page(title: string, bodyHtml: string, platformName?: string): string {
  const banner = platformName
    ? `<header class="top"><a href="/">${escapeHtml(platformName)}</a></header>`
    : '';
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title><style>${STYLE}</style></head>
<body>${banner}<main id="main">${bodyHtml}</main></body></html>`;
}

/** Sends an HTML error page naming the problem (platforms answer refused LTI requests like this). */
export function sendErrorPage(res: Response, status: number, title: string, problem: string): void {
  const html = page(title, `<h1>${escapeHtml(title)}</h1><div class="error" role="alert"><p>${escapeHtml(problem)}</p></div>`);
  res.status(status).type('html').set('Cache-Control', 'no-store').send(html);
}

/**
 * The page that posts `fields` to `action` on load: a visible-only-without-JS submit button in
 * `<noscript>`, exactly as platforms hand an id_token to a tool.
 */
export function autoPostPage(action: string, fields: Record<string, string>, method: 'post' | 'get' = 'post'): string {
  const inputs = Object.entries(fields)
    .map(([name, value]) => `<input type="hidden" name="${escapeHtml(name)}" value="${escapeHtml(value)}">`)
    .join('\n');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Launching…</title></head>
<body>
<form method="${method}" action="${escapeHtml(action)}" id="lti-autopost">
${inputs}
<noscript><p>JavaScript is off: press Continue to go on.</p><button type="submit">Continue</button></noscript>
</form>
<script>document.getElementById('lti-autopost').submit();</script>
</body></html>`;
}
