import { expect, test } from '@playwright/test';
import { bubble, makeFriends, newPerson, openChatWith, openTab, screenshots, send } from './support/app';

test('presence privacy: Ana chooses Nobody, and neither sees the other\'s online status until she shares it again', async ({ browser }) => {
  const ana = await newPerson(browser, 'Ana');
  const bo = await newPerson(browser, 'Bo');
  await makeFriends(ana, bo);
  await openTab(bo.page, 'Friends');
  await expect(bo.page.getByRole('button', { name: 'Ana, online', exact: true })).toBeVisible();

  await openTab(ana.page, 'Me');
  await expect(ana.page.getByText("If you choose Nobody, you won't see others' either.")).toBeVisible();
  const friends = ana.page.getByRole('radio', { name: 'My friends' });
  const nobody = ana.page.getByRole('radio', { name: 'Nobody' });
  await expect(friends).toHaveAttribute('aria-checked', 'true');
  await nobody.click();
  await expect(nobody).toHaveAttribute('aria-checked', 'true');
  await screenshots(ana.page, 'presence-privacy');

  // Bo's list drops Ana's status live: just her name, no dot, no "online" or "offline".
  await expect(bo.page.getByRole('button', { name: 'Ana', exact: true })).toBeVisible();
  await expect(bo.page.getByRole('button', { name: /^Ana, (online|offline)$/ })).toHaveCount(0);
  await expect(bo.page.getByLabel('Online', { exact: true })).toHaveCount(0);
  // Reciprocal: Ana no longer sees Bo's either, also after a reload.
  await ana.page.reload();
  await openTab(ana.page, 'Me');
  await expect(ana.page.getByRole('radio', { name: 'Nobody' })).toHaveAttribute('aria-checked', 'true');
  await openTab(ana.page, 'Friends');
  await expect(ana.page.getByRole('button', { name: 'Bo', exact: true })).toBeVisible();
  await ana.page.getByRole('button', { name: 'Bo', exact: true }).click();
  await expect(ana.page.getByRole('button', { name: 'Remove friend' })).toBeVisible();
  await expect(ana.page.getByLabel(/^Status: /)).toHaveCount(0);

  // Sharing again brings both back.
  await openTab(ana.page, 'Me');
  await ana.page.getByRole('radio', { name: 'My friends' }).click();
  await expect(bo.page.getByRole('button', { name: 'Ana, online', exact: true })).toBeVisible();
  await openTab(ana.page, 'Friends');
  await expect(ana.page.getByRole('button', { name: 'Bo, online', exact: true })).toBeVisible();
  await ana.context.close();
  await bo.context.close();
});

test('after unfriending, the chat stays readable but read-only until they are friends again', async ({ browser }) => {
  const ana = await newPerson(browser, 'Ana');
  const bo = await newPerson(browser, 'Bo');
  await makeFriends(ana, bo);
  await openChatWith(ana, bo);
  await send(ana, 'See you at the lake');
  await openChatWith(bo, ana);
  await expect(bubble(bo.page, 'See you at the lake')).toBeVisible();

  // Ana removes Bo from her friends; Bo's open chat turns read-only at once.
  await openTab(ana.page, 'Friends');
  await ana.page.getByRole('button', { name: /^Bo, (online|offline)$/ }).click();
  await ana.page.getByRole('button', { name: 'Remove friend' }).click();
  await expect(ana.page.getByText('Removed from your friends.')).toBeVisible();

  await expect(bo.page.getByText("You're no longer friends with Ana. Add them again to send messages.")).toBeVisible();
  await expect(bo.page.getByLabel('Message', { exact: true })).toBeDisabled();
  await expect(bo.page.getByRole('button', { name: 'Send' })).toBeDisabled();
  await expect(bubble(bo.page, 'See you at the lake')).toBeVisible();
  // The header no longer tells Ana's status.
  await expect(bo.page.getByText('Online', { exact: true })).toHaveCount(0);
  await screenshots(bo.page, 'chat-not-friends');
  // Names keep their own direction, isolated from the text around them (as <bdi>).
  const inBanner = bo.page.getByText(/^You're no longer friends with/).locator('span[dir="auto"]');
  await expect(inBanner).toHaveText('Ana');
  await expect(inBanner).toHaveCSS('unicode-bidi', 'isolate');
  await expect(bo.page.getByRole('heading', { name: 'Ana', exact: true })).toHaveCSS('unicode-bidi', 'isolate');

  // Ana still has the history, read-only too.
  await ana.page.getByRole('button', { name: 'Open chat' }).click();
  await expect(bubble(ana.page, 'See you at the lake')).toBeVisible();
  await expect(ana.page.getByText("You're no longer friends with Bo. Add them again to send messages.")).toBeVisible();

  // Bo asks again from the chat; once Ana accepts, both can write in the same chat.
  await bo.page.getByRole('button', { name: 'Add Ana as a friend' }).click();
  await expect(bo.page.getByText(/Friend request sent/)).toBeVisible();
  await ana.page.getByRole('button', { name: "Accept Bo's friend request" }).click();
  await expect(bo.page.getByLabel('Message', { exact: true })).toBeEnabled();
  await expect(ana.page.getByLabel('Message', { exact: true })).toBeEnabled();
  await send(bo, 'Friends again!');
  await expect(bubble(ana.page, 'Friends again!')).toBeVisible();
  await expect(bubble(ana.page, 'See you at the lake')).toBeVisible();
  await ana.context.close();
  await bo.context.close();
});
