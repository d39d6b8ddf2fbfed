import { expect, test } from '@playwright/test';
import { bubble, makeFriends, newPerson, openChatWith, openTab, screenshots, send } from './support/app';

test('two friends chat in real time: presence, read, typing, unsend, reload', async ({ browser }) => {
  const ana = await newPerson(browser, 'Ana');
  const bo = await newPerson(browser, 'Bo');
  await makeFriends(ana, bo);

  // Both are online: each sees the other's green dot.
  await openTab(ana.page, 'Friends');
  await expect(ana.page.getByRole('button', { name: 'Bo, online' })).toBeVisible();

  await openChatWith(ana, bo);
  await send(ana, 'Hello Bo, lunch at 12?');

  // Bo gets it live, with an unread badge on the chat.
  await openTab(bo.page, 'Chats');
  await expect(bo.page.getByRole('button', { name: 'Chat with Ana, 1 unread' })).toBeVisible();
  await expect(bo.page.getByText('Hello Bo, lunch at 12?')).toBeVisible();
  await bo.page.getByRole('button', { name: 'Chat with Ana, 1 unread' }).click();
  await expect(bubble(bo.page, 'Hello Bo, lunch at 12?')).toBeVisible();

  // Opening the chat reads it: Ana sees "Read", with the time on tap.
  await expect(ana.page.getByRole('button', { name: 'Read' })).toBeVisible();
  await ana.page.getByRole('button', { name: 'Read' }).click();
  await expect(ana.page.getByRole('button', { name: /^Read at \d\d:\d\d$/ })).toBeVisible();

  // Typing shows on the other side; the reply arrives live.
  await bo.page.getByLabel('Message', { exact: true }).fill('Sure');
  await expect(ana.page.getByText('Bo is typing…')).toBeVisible();
  await bo.page.getByLabel('Message', { exact: true }).press('Enter');
  await expect(bubble(ana.page, 'Sure')).toBeVisible();
  // Shift+Enter makes a new line instead of sending.
  const box = bo.page.getByLabel('Message', { exact: true });
  await box.fill('Line one');
  await box.press('Shift+Enter');
  await box.pressSequentially('line two');
  await expect(box).toHaveValue('Line one\nline two');
  await box.press('Enter');
  await expect(bubble(ana.page, 'Line one\nline two')).toBeVisible();

  await screenshots(ana.page, 'chat');

  // Unsend from the message menu: the placeholder shows on both sides.
  await send(ana, 'Oops, wrong chat');
  await expect(bubble(bo.page, 'Oops, wrong chat')).toBeVisible();
  const mine = ana.page.getByLabel(/^You at \d\d:\d\d: Oops, wrong chat$/);
  await mine.hover();
  await mine.locator('..').getByRole('button', { name: 'Message actions' }).click();
  await ana.page.getByRole('button', { name: 'Unsend' }).click();
  await expect(bubble(ana.page, 'You unsent a message')).toBeVisible();
  await expect(bubble(bo.page, 'Ana unsent a message')).toBeVisible();
  await expect(bubble(bo.page, 'Oops, wrong chat')).toHaveCount(0);

  // A reload keeps the session and the history.
  await ana.page.reload();
  await expect(bubble(ana.page, 'Hello Bo, lunch at 12?')).toBeVisible();
  await expect(bubble(ana.page, 'Sure')).toBeVisible();
  await expect(bubble(ana.page, 'You unsent a message')).toBeVisible();

  await openTab(ana.page, 'Friends');
  await screenshots(ana.page, 'friends');

  // Bo goes away: Ana sees him go offline.
  await bo.context.close();
  await expect(ana.page.getByRole('button', { name: 'Bo, offline' })).toBeVisible({ timeout: 60_000 });
  await ana.context.close();
});

test('the chat list shows unread counts and a total, and an empty state first', async ({ browser }) => {
  const cy = await newPerson(browser, 'Cy');
  await expect(cy.page.getByText('No chats yet')).toBeVisible();
  const di = await newPerson(browser, 'Di');
  await makeFriends(cy, di);
  await openChatWith(di, cy);
  await send(di, 'one');
  await send(di, 'two');
  await openTab(cy.page, 'Chats');
  await expect(cy.page.getByRole('button', { name: 'Chat with Di, 2 unread' })).toBeVisible();
  await expect(cy.page.getByLabel('2 unread messages')).toBeVisible();
  await screenshots(cy.page, 'chats');
  await cy.context.close();
  await di.context.close();
});
