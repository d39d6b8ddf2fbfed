import { expect, test } from '@playwright/test';
import { bubble, makeFriends, newPerson, openTab, PHONE, screenshots, send } from './support/app';

test('a group: create with an invited friend, a third person joins by group ID, all three chat', async ({ browser }) => {
  const ana = await newPerson(browser, 'Ana');
  const bo = await newPerson(browser, 'Bo', PHONE);
  const cy = await newPerson(browser, 'Cy');
  await makeFriends(ana, bo);

  // Ana creates the group and invites Bo.
  await openTab(ana.page, 'Chats');
  await ana.page.getByRole('button', { name: 'New group' }).click();
  await ana.page.getByLabel('Group name', { exact: true }).fill('Weekend trip');
  await ana.page.getByRole('checkbox', { name: 'Invite Bo' }).click();
  await ana.page.getByRole('button', { name: 'Create group' }).click();
  await expect(ana.page.getByLabel('Message', { exact: true })).toBeVisible();

  // Bo accepts the invitation from the chat list.
  await openTab(bo.page, 'Chats');
  await bo.page.getByRole('button', { name: 'Join Weekend trip' }).click();
  await expect(bo.page.getByLabel('Message', { exact: true })).toBeVisible();

  // Ana shares the group ID; Cy (no one's friend) previews and joins with it.
  await ana.page.getByRole('button', { name: 'Group info' }).click();
  const code = (await ana.page.getByLabel(/^Group ID [a-z0-9]+$/).getAttribute('aria-label'))!.replace('Group ID ', '');
  expect(code).toMatch(/^[a-z0-9]{8,}$/);
  await openTab(cy.page, 'Chats');
  await cy.page.getByRole('button', { name: 'Join group' }).click();
  await cy.page.getByLabel('Group ID', { exact: true }).fill(code);
  await cy.page.getByRole('button', { name: 'Find group' }).click();
  await expect(cy.page.getByText('Weekend trip')).toBeVisible();
  await cy.page.getByRole('button', { name: 'Join group' }).last().click();
  await expect(cy.page.getByLabel('Message', { exact: true })).toBeVisible();

  // Members and roles.
  await expect(ana.page.getByRole('button', { name: 'Member Cy' }).or(ana.page.getByLabel('Member Cy'))).toBeVisible();
  await expect(ana.page.getByLabel('Member Ana, Owner').or(ana.page.getByRole('button', { name: 'Member Ana, Owner' }))).toBeVisible();
  await screenshots(ana.page, 'group-info');
  await ana.page.getByRole('button', { name: 'Back' }).click();

  // Everyone talks; everyone sees everything live.
  await send(ana, 'Who brings the tent?');
  await expect(bubble(bo.page, 'Who brings the tent?')).toBeVisible();
  await expect(bubble(cy.page, 'Who brings the tent?')).toBeVisible();
  await send(bo, 'I do');
  await send(cy, 'I bring food');
  for (const p of [ana, bo, cy]) {
    await expect(bubble(p.page, 'I do')).toBeVisible();
    await expect(bubble(p.page, 'I bring food')).toBeVisible();
  }
  // Cy is no one's friend, yet sees everyone by name (one batched look-up), and everyone sees how Cy came in.
  await expect(cy.page.getByLabel(/^Bo at \d\d:\d\d: I do$/)).toBeVisible();
  await expect(cy.page.getByLabel(/^Ana at \d\d:\d\d: Who brings the tent\?$/)).toBeVisible();
  await expect(bo.page.getByLabel(/^Cy at \d\d:\d\d: I bring food$/)).toBeVisible();
  await expect(ana.page.getByLabel('Cy joined with the group ID')).toBeVisible();
  // Both others have the chat open: Ana's first message is read by 2.
  await expect(ana.page.getByRole('button', { name: 'Read by 2' })).toBeVisible();
  await ana.page.getByRole('button', { name: 'Read by 2' }).click();
  await expect(ana.page.getByText(/^Bo/).last()).toBeVisible();
  await ana.page.getByRole('button', { name: 'Close', exact: true }).click();
  await screenshots(ana.page, 'group-chat');

  // Ana makes Bo an admin, then removes Cy, who learns it at once.
  await ana.page.getByRole('button', { name: 'Group info' }).click();
  await ana.page.getByRole('button', { name: 'Manage Bo' }).click();
  await ana.page.getByRole('button', { name: 'Make admin: Bo' }).click();
  await expect(ana.page.getByLabel('Member Bo, Admin')).toBeVisible();
  await ana.page.getByRole('button', { name: 'Manage Cy' }).click();
  await ana.page.getByRole('button', { name: 'Remove from group: Cy' }).click();
  await ana.page.getByRole('button', { name: 'Yes, remove from group' }).click();
  await expect(ana.page.getByText('Cy was removed from the group.')).toBeVisible();
  await expect(ana.page.getByLabel(/^Member Cy/)).toHaveCount(0);
  await expect(cy.page.getByText('You were removed from this group.')).toBeVisible();

  for (const p of [ana, bo, cy]) await p.context.close();
});

test('requests to join and invitations appear live: the admin lets a stranger in, a friend sees an invitation, no reload', async ({ browser }) => {
  const ana = await newPerson(browser, 'Ana');
  const dee = await newPerson(browser, 'Dee');
  const eve = await newPerson(browser, 'Eve');
  await makeFriends(ana, eve);

  // Ana's group asks for approval; she keeps its info screen open.
  await openTab(ana.page, 'Chats');
  await ana.page.getByRole('button', { name: 'New group' }).click();
  await ana.page.getByLabel('Group name', { exact: true }).fill('Book club');
  await ana.page.getByRole('switch', { name: 'Admins approve new members' }).click();
  await ana.page.getByRole('button', { name: 'Create group' }).click();
  await ana.page.getByRole('button', { name: 'Group info' }).click();
  const code = (await ana.page.getByLabel(/^Group ID [a-z0-9]+$/).getAttribute('aria-label'))!.replace('Group ID ', '');

  // Dee asks to join: the request shows on Ana's open screen at once.
  await openTab(dee.page, 'Chats');
  await dee.page.getByRole('button', { name: 'Join group' }).click();
  await dee.page.getByLabel('Group ID', { exact: true }).fill(code);
  await dee.page.getByRole('button', { name: 'Find group' }).click();
  await dee.page.getByRole('button', { name: 'Ask to join' }).click();
  await expect(ana.page.getByLabel('Join request from Dee')).toBeVisible();
  await ana.page.getByRole('button', { name: 'Approve Dee' }).click();
  await expect(ana.page.getByLabel('Join request from Dee')).toHaveCount(0);

  // Eve has her chat list open when Ana invites her: the invitation appears there live.
  await openTab(eve.page, 'Chats');
  await expect(eve.page.getByRole('button', { name: 'Join Book club' })).toHaveCount(0);
  await ana.page.getByRole('button', { name: 'Invite friends' }).click();
  await ana.page.getByRole('checkbox', { name: 'Invite Eve' }).click();
  await ana.page.getByRole('button', { name: 'Send invitations' }).click();
  await expect(eve.page.getByRole('button', { name: 'Join Book club' })).toBeVisible();

  for (const p of [ana, dee, eve]) await p.context.close();
});
