/** Escapes text for HTML element content and quoted attribute values. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (character) => `&#${character.charCodeAt(0)};`);
}

/** Headers for the directory's own HTML pages: no scripts, no framing, inline styles only. */
export const HTML_PAGE_HEADERS = {
  'content-security-policy': "default-src 'none'; style-src 'unsafe-inline'; img-src 'self'; frame-ancestors 'none'; base-uri 'none'",
  'x-frame-options': 'DENY',
  'referrer-policy': 'no-referrer',
} as const;

const STYLE = `
  :root { color-scheme: light; font-family: system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; }
  body { margin: 0; background: #f4f5f7; color: #1c2430; }
  header { background: #1c2430; color: #fff; padding: 0.75rem 1.5rem; font-weight: 600; }
  main { max-width: 26rem; margin: 2.5rem auto; background: #fff; border-radius: 0.5rem; padding: 1.75rem 2rem;
         box-shadow: 0 1px 3px rgba(0, 0, 0, 0.15); }
  h1 { font-size: 1.35rem; margin: 0 0 0.5rem; }
  p { line-height: 1.5; }
  label { display: block; font-weight: 600; margin: 1rem 0 0.25rem; }
  input { width: 100%; box-sizing: border-box; font: inherit; padding: 0.55rem 0.65rem; border: 1px solid #8a94a3; border-radius: 0.35rem; }
  input:focus, button:focus, a:focus { outline: 3px solid #f5b400; outline-offset: 2px; }
  button { margin-top: 1.5rem; width: 100%; font: inherit; font-weight: 600; padding: 0.65rem; border: 0; border-radius: 0.35rem;
           background: #0b5cab; color: #fff; cursor: pointer; }
  button:hover { background: #084a8a; }
  .error { background: #fdecea; color: #8a1c13; border: 1px solid #f1b0aa; border-radius: 0.35rem; padding: 0.6rem 0.8rem; }
  .muted { color: #5a6472; font-size: 0.9rem; }
  table { border-collapse: collapse; width: 100%; font-size: 0.85rem; }
  th, td { text-align: left; padding: 0.3rem 0.25rem; border-bottom: 1px solid #e2e5e9; }
  details { margin-top: 1.5rem; }
`;

/** A complete HTML page in the sandbox directory's look; `bodyHtml` must already be escaped. */
export function renderHtmlPage(title: string, bodyHtml: string): string {
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)} · Open Banking Directory (sandbox)</title>
<style>${STYLE}</style>
</head>
<body>
<header>Open Banking Directory <span class="muted" style="color:#c5ccd6">sandbox</span></header>
<main>
${bodyHtml}
</main>
</body>
</html>
`;
}
