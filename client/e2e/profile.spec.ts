import { expect, test } from '@playwright/test';
import { appUrl, DESKTOP, newPerson, openTab, screenshots } from './support/app';

test('my profile: name, introduction, Parley ID rules, picture, sign out and in again', async ({ browser }) => {
  const eve = await newPerson(browser, 'Eve');
  const page = eve.page;
  await openTab(page, 'Me');
  await page.getByLabel('Display name', { exact: true }).fill('Eve Example');
  await page.getByLabel('Introduction', { exact: true }).fill('Likes hiking and tea.');
  await page.getByLabel('Parley ID', { exact: true }).fill('no');
  await expect(page.getByText('A Parley ID has 4 to 20 characters.')).toBeVisible();
  await page.getByLabel('Parley ID', { exact: true }).fill(eve.parleyId);
  await page.getByRole('button', { name: 'Save profile' }).click();
  await expect(page.getByText('Profile saved.')).toBeVisible();

  // A real PNG to upload: a piece of the page itself.
  const picture = await page.screenshot({ clip: { x: 0, y: 0, width: 96, height: 96 } });
  const chooser = page.waitForEvent('filechooser');
  await page.getByRole('button', { name: 'Change picture' }).click();
  await (await chooser).setFiles({ name: 'me.png', mimeType: 'image/png', buffer: picture });
  await expect(page.getByText('Picture updated.')).toBeVisible();
  await expect(page.getByLabel('Picture of Eve Example')).toBeVisible();
  await screenshots(page, 'profile');

  await page.reload();
  await openTab(page, 'Me');
  await expect(page.getByLabel('Display name', { exact: true })).toHaveValue('Eve Example');
  await page.getByRole('button', { name: 'Sign out', exact: true }).click();
  await expect(page.getByRole('button', { name: 'Sign in' })).toBeVisible();

  await page.getByLabel('Email', { exact: true }).fill(eve.email);
  await page.getByLabel('Password', { exact: true }).fill('wrong password');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByText('Wrong email or password.')).toBeVisible();
  await page.getByLabel('Password', { exact: true }).fill(eve.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByRole('tab', { name: 'Me' })).toBeVisible();

  // A second browser signed in as Eve: each lists the other, and one signs the other out.
  const second = await browser.newContext({ viewport: DESKTOP });
  const page2 = await second.newPage();
  await page2.goto(appUrl('/'));
  await page2.getByLabel('Email', { exact: true }).fill(eve.email);
  await page2.getByLabel('Password', { exact: true }).fill(eve.password);
  await page2.getByRole('button', { name: 'Sign in' }).click();
  await expect(page2.getByRole('tab', { name: 'Me' })).toBeVisible();
  await page.reload();
  await openTab(page, 'Me');
  await expect(page.getByLabel(/^Device .*, this device$/)).toHaveCount(1);
  await expect(page.getByLabel(/^Device /)).toHaveCount(2);
  await page.getByRole('button', { name: /^Sign out (?!everywhere)./ }).click();
  await expect(page.getByLabel(/^Device /)).toHaveCount(1);
  await page2.reload();
  await expect(page2.getByRole('button', { name: 'Sign in' })).toBeVisible();

  // Signing out everywhere asks first, then ends this device's session too.
  await page.getByRole('button', { name: 'Sign out everywhere' }).click();
  await page.getByRole('button', { name: 'Yes, sign out everywhere' }).click();
  await expect(page.getByRole('button', { name: 'Sign in' })).toBeVisible();
  await second.close();
  await eve.context.close();
});

test('an unknown address inside the app opens the chat list', async ({ page }) => {
  await page.goto(appUrl('/no/such/page'));
  await expect(page.getByRole('button', { name: 'Sign in' })).toBeVisible();
});
