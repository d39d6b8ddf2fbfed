import { ApiError } from '../api/problem';
import { FrameError, RealtimeConnection, socketUrl, type ConnectionStatus } from '../realtime/connection';
import { FakeClock, FakeSocket, flushPromises } from './helpers';

function setup(overrides: { expiresIn?: number; refresh?: () => Promise<string> } = {}) {
  const clock = new FakeClock();
  const sockets: FakeSocket[] = [];
  let token = 'tok-1';
  let expiresAt = clock.now() + (overrides.expiresIn ?? 900_000);
  const refresh = jest.fn(overrides.refresh ?? (async () => {
    token = `tok-${Number(token.split('-')[1]) + 1}`;
    expiresAt = clock.now() + 900_000;
    return token;
  }));
  const statuses: ConnectionStatus[] = [];
  const frames: unknown[] = [];
  const opened = jest.fn();
  const authLost = jest.fn();
  const barred = jest.fn();
  const connection = new RealtimeConnection({
    wsUrl: () => socketUrl('http://localhost:8080'),
    tokens: {
      accessToken: async (min = 0) => (expiresAt - clock.now() > min ? token : refresh()),
      refresh: (stale) => (stale && stale !== token ? Promise.resolve(token) : refresh()),
      expiresAt: () => expiresAt,
    },
    createSocket: (url, protocols) => {
      const s = new FakeSocket(url, protocols);
      sockets.push(s);
      return s;
    },
    clock,
    random: () => 0.5,
    onStatus: (s) => statuses.push(s),
    onFrame: (f) => frames.push(f),
    onOpen: opened,
    onAuthLost: authLost,
    onBarred: barred,
  });
  const latest = () => sockets[sockets.length - 1];
  return { clock, sockets, latest, connection, refresh, statuses, frames, opened, authLost, barred };
}

describe('realtime connection', () => {
  it('connects with the access token in the query and is online after hello', async () => {
    const t = setup();
    t.connection.start();
    await flushPromises();
    expect(t.latest().url).toBe('ws://localhost:8080/ws');
    expect(t.latest().protocols).toEqual(['parley.v1', 'bearer.tok-1']);
    t.latest().open();
    expect(t.connection.status).toBe('online');
    expect(t.opened).toHaveBeenCalledTimes(1);
  });

  it('pings every heartbeat the server asked for', async () => {
    const t = setup();
    t.connection.start();
    await flushPromises();
    t.latest().open({ heartbeatSeconds: 10, idleTimeoutSeconds: 30 });
    await t.clock.advance(10_000);
    expect(t.latest().framesOfType('ping')).toHaveLength(1);
    await t.clock.advance(10_000);
    expect(t.latest().framesOfType('ping')).toHaveLength(2);
  });

  it('gives up on a socket that has heard nothing for longer than the idle timeout, and reconnects', async () => {
    const t = setup();
    t.connection.start();
    await flushPromises();
    t.latest().autoPong = false;
    t.latest().open({ heartbeatSeconds: 10, idleTimeoutSeconds: 25 });
    await t.clock.advance(30_000);
    expect(t.sockets[0].closedWith).toBeDefined();
    await t.clock.advance(1_000);
    expect(t.sockets).toHaveLength(2);
  });

  it('reconnects with growing delays until hello, then starts over', async () => {
    const t = setup();
    t.connection.start();
    await flushPromises();
    const delays: number[] = [];
    for (let i = 0; i < 4; i++) {
      t.latest().drop(1006);
      await flushPromises();
      delays.push(t.clock.pendingDelays()[0]);
      await t.clock.advance(delays[i]);
    }
    expect(delays).toEqual([500, 1000, 2000, 4000]);
    t.latest().open();
    expect(t.connection.attempts).toBe(0);
    t.latest().drop(1001);
    await flushPromises();
    expect(t.clock.pendingDelays()[0]).toBe(500);
  });

  it('refreshes the token after close 4001 and reconnects with the new one', async () => {
    const t = setup();
    t.connection.start();
    await flushPromises();
    t.latest().open();
    t.latest().drop(4001);
    await flushPromises();
    expect(t.refresh).toHaveBeenCalledTimes(1);
    await t.clock.advance(500);
    expect(t.latest().protocols).toContain('bearer.tok-2');
  });

  it('never reconnects after close 4003 (suspended or banned) and reports the close reason', async () => {
    const t = setup();
    t.connection.start();
    await flushPromises();
    t.latest().open();
    t.latest().drop(4003, 'account-banned');
    await flushPromises();
    expect(t.barred).toHaveBeenCalledWith('account-banned');
    expect(t.connection.status).toBe('offline');
    expect(t.clock.pendingDelays()).toEqual([]);
    await t.clock.advance(600_000);
    t.connection.reconnectNow();
    await flushPromises();
    expect(t.sockets).toHaveLength(1);
    expect(t.refresh).not.toHaveBeenCalled();
  });

  it('stops and asks to sign in when the token cannot be refreshed', async () => {
    const t = setup({ refresh: async () => { throw new ApiError(401, 'refresh-token-reused'); } });
    t.connection.start();
    await flushPromises();
    t.latest().open();
    t.latest().drop(4001);
    await flushPromises();
    expect(t.authLost).toHaveBeenCalled();
    expect(t.connection.status).toBe('offline');
    await t.clock.advance(60_000);
    expect(t.sockets).toHaveLength(1);
  });

  it('sends an auth frame with a fresh token before the old one expires', async () => {
    const t = setup({ expiresIn: 300_000 });
    t.connection.start();
    await flushPromises();
    t.latest().open();
    await t.clock.advance(300_000 - 90_000);
    const auth = t.latest().framesOfType('auth');
    expect(auth).toHaveLength(1);
    expect(auth[0].token).toBe('tok-2');
    expect(t.sockets).toHaveLength(1);
  });

  it('matches answers to requests by id and fails the open ones on disconnect', async () => {
    const t = setup();
    t.connection.start();
    await flushPromises();
    t.latest().open();
    const ok = t.connection.request({ type: 'read', id: 'r1', conversationId: 'c', messageId: '1' });
    const refused = t.connection.request({ type: 'unsend', id: 'r2', conversationId: 'c', messageId: '1' });
    const lost = t.connection.request({ type: 'unsend', id: 'r3', conversationId: 'c', messageId: '2' });
    t.latest().receive({ type: 'ok', id: 'r1' });
    t.latest().receive({ type: 'error', id: 'r2', code: 'unsend-window-passed', message: 'too late' });
    t.latest().drop(1006);
    await expect(ok).resolves.toMatchObject({ type: 'ok' });
    await expect(refused).rejects.toMatchObject({ code: 'unsend-window-passed' });
    await expect(lost).rejects.toBeInstanceOf(FrameError);
    await expect(t.connection.request({ type: 'unsend', id: 'r4', conversationId: 'c', messageId: '2' })).rejects.toMatchObject({ code: 'disconnected' });
  });

  it('passes other frames on and stays closed after stop', async () => {
    const t = setup();
    t.connection.start();
    await flushPromises();
    t.latest().open();
    t.latest().receive({ type: 'typing', conversationId: 'c', userId: 'u' });
    t.latest().receive('garbage');
    expect(t.frames).toEqual([{ type: 'typing', conversationId: 'c', userId: 'u' }]);
    t.connection.stop();
    await t.clock.advance(60_000);
    expect(t.sockets).toHaveLength(1);
    expect(t.statuses[t.statuses.length - 1]).toBe('offline');
  });
});
