import { expect, test } from '@playwright/test';
import { appUrl, bubble, cspViolations, makeFriends, newPerson, openChatWith, send } from './support/app';

test('the app works under its strict Content-Security-Policy and sends no referrer', async ({ browser, request }) => {
  const page = await request.get(appUrl('/'));
  const csp = page.headers()['content-security-policy'];
  expect(csp).toContain("default-src 'self'");
  expect(csp).not.toContain('unsafe-inline');
  expect(csp).not.toContain('unsafe-eval');
  expect(page.headers()['referrer-policy']).toBe('no-referrer');
  expect(page.headers()['x-content-type-options']).toBe('nosniff');
  expect(page.headers()['x-frame-options']).toBe('DENY');

  // Sign-up, friends, a live chat over the socket: everything the app does, with nothing blocked.
  const ana = await newPerson(browser, 'Ana');
  const bo = await newPerson(browser, 'Bo');
  await makeFriends(ana, bo);
  await openChatWith(ana, bo);
  await send(ana, 'Under a strict policy');
  await openChatWith(bo, ana);
  await expect(bubble(bo.page, 'Under a strict policy')).toBeVisible();

  expect(await cspViolations(ana.page)).toEqual([]);
  expect(await cspViolations(bo.page)).toEqual([]);
});
