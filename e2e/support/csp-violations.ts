import type { Page } from '@playwright/test';

/**
 * Collects what Chromium reports when the Content-Security-Policy blocks something on a page (a console
 * error "Refused to … because it violates the following Content Security Policy directive …"), from every
 * document the page loads from now on.
 */
export function collectCspViolations(page: Page): string[] {
  const violations: string[] = [];
  page.on('console', (message) => {
    if (/Content[- ]Security[- ]Policy/i.test(message.text())) violations.push(`${page.url()}: ${message.text()}`);
  });
  return violations;
}
