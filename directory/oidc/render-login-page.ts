import { escapeHtml, renderHtmlPage } from '../http/html-page';

/** What the sign-in form shows. */
export type LoginPageInput = {
  /** Where the form posts: `/interaction/<uid>/login`. */
  action: string;
  /** Where "Cancel" leads: `/interaction/<uid>/abort`. */
  abortHref: string;
  clientName: string;
  /** Echoed back after a failed attempt so that only the password needs retyping. */
  email?: string;
  error?: string;
  accounts: ReadonlyArray<{ email: string; password: string; organisation: string }>;
};

/** The directory's email + password sign-in form, with the sandbox accounts listed beneath it. */
export function renderLoginPage(input: LoginPageInput): string {
  const error = input.error
    ? `<p id="signin-error" role="alert" class="error">${escapeHtml(input.error)}</p>`
    : '<div aria-live="polite"></div>';
  const describedBy = input.error ? ' aria-describedby="signin-error" aria-invalid="true"' : '';
  const rows = input.accounts
    .map(
      (account) =>
        `<tr><td>${escapeHtml(account.email)}</td><td><code>${escapeHtml(account.password)}</code></td><td>${escapeHtml(account.organisation)}</td></tr>`,
    )
    .join('\n');
  return renderHtmlPage(
    'Sign in',
    `<h1>Sign in</h1>
<p>to continue to <strong>${escapeHtml(input.clientName)}</strong></p>
${error}
<form method="post" action="${escapeHtml(input.action)}" novalidate>
  <label for="email">Email</label>
  <input id="email" name="email" type="email" autocomplete="username" required value="${escapeHtml(input.email ?? '')}"${describedBy}>
  <label for="password">Password</label>
  <input id="password" name="password" type="password" autocomplete="current-password" required${describedBy}>
  <button type="submit">Sign in</button>
</form>
<p class="muted"><a href="${escapeHtml(input.abortHref)}">Cancel and return to ${escapeHtml(input.clientName)}</a></p>
<details>
  <summary>Sandbox accounts</summary>
  <table>
    <thead><tr><th scope="col">Email</th><th scope="col">Password</th><th scope="col">Organisation</th></tr></thead>
    <tbody>
${rows}
    </tbody>
  </table>
</details>`,
  );
}
