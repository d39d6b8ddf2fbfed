import { expect, test } from '@playwright/test';
import { appUrl, newPerson } from './support/app';

// The packaged server runs without email (the embedded default): sign-up signs in at once (201),
// no "Forgot password?", and a mailed link's page says what happened without keeping its token.
test('without email on the server: sign-up signs in, no reset offered, link pages say so and drop the token', async ({ browser }) => {
  const ana = await newPerson(browser, 'Ana');
  const page = ana.page;
  const providers = await page.request.get(appUrl('/api/auth/providers'));
  expect((await providers.json()).local.passwordReset).toBe(false);

  const fresh = await browser.newContext();
  const visitor = await fresh.newPage();
  const offered = visitor.waitForResponse((r) => r.url().endsWith('/api/auth/providers'));
  await visitor.goto(appUrl('/'));
  await offered;
  await expect(visitor.getByRole('button', { name: 'Sign in' })).toBeVisible();
  await expect(visitor.getByRole('button', { name: 'New to Parley? Create an account' })).toBeVisible();
  await expect(visitor.getByRole('button', { name: 'Forgot password?' })).toHaveCount(0);

  await visitor.goto(appUrl('/reset-password#token=not-a-real-token'));
  await expect(visitor.getByLabel('New password', { exact: true })).toBeVisible();
  expect(new URL(visitor.url()).hash).toBe('');
  await visitor.getByLabel('New password', { exact: true }).fill('correct horse battery');
  await visitor.getByLabel('New password again', { exact: true }).fill('correct horse battery');
  await visitor.getByRole('button', { name: 'Change password' }).click();
  await expect(visitor.getByText('This server does not send email: its links do not work here.')).toBeVisible();

  await visitor.goto(appUrl('/verify-email#token=not-a-real-token'));
  await expect(visitor.getByText('We could not confirm your email')).toBeVisible();
  expect(new URL(visitor.url()).hash).toBe('');
  await visitor.getByRole('button', { name: 'Back to sign in' }).click();
  await expect(visitor.getByRole('button', { name: 'Sign in' })).toBeVisible();
  expect(new URL(visitor.url()).pathname).toBe('/');
  await fresh.close();
});

test('a browser sign-in refused because the account is suspended shows why', async ({ browser }) => {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(appUrl('/#parley_error=account-suspended'));
  await expect(page.getByText('Your account is suspended')).toBeVisible();
  expect(new URL(page.url()).hash).toBe('');
  await page.getByRole('button', { name: 'Back to sign in' }).click();
  await expect(page.getByRole('button', { name: 'Sign in' })).toBeVisible();
  await context.close();
});
