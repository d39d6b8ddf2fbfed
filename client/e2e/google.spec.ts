import { expect, test } from '@playwright/test';
import { appUrl } from './support/app';

/**
 * Google sign-in through the server's browser flow, with no.nav.security:mock-oauth2-server standing
 * in for Google. Runs with PARLEY_GOOGLE=1 (playwright.config.ts). The Maven build sets it, and
 * PARLEY_OIDC_CLASSPATH (the mock's classpath): global setup then starts the mock and the server
 * with Google pointed at it. By hand: start the mock and the server with
 * --parley.auth.google.enabled=true --parley.auth.google.issuer-uri=http://localhost:<port>/google
 * --parley.auth.google.client-id=parley --parley.auth.google.client-secret=secret
 * --parley.auth.public-url=<the address the browser uses for the app>.
 */
test('signs in with Google and comes back signed in', async ({ page }) => {
  const subject = `g${Date.now().toString(36)}`;
  await page.goto(appUrl('/'));
  await page.getByRole('button', { name: 'Continue with Google' }).click();
  // The stand-in's login page.
  await page.locator('input[name="username"]').fill(subject);
  await page.locator('textarea[name="claims"], input[name="claims"]').fill(JSON.stringify({
    email: `${subject}@example.com`, email_verified: true, name: 'Gina Google',
  }));
  await page.getByRole('button', { name: /sign-?in/i }).click();
  await expect(page.getByRole('tab', { name: 'Chats' })).toBeVisible();
  expect(new URL(page.url()).hash).toBe('');
  await page.getByRole('tab', { name: 'Me' }).click();
  await expect(page.getByLabel('Display name', { exact: true })).toHaveValue('Gina Google');
  await page.reload();
  await expect(page.getByRole('tab', { name: 'Me' })).toBeVisible();
});
