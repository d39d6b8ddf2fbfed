import { conversationOf, parseFrame } from '../realtime/frames';
import { backoffDelay } from '../realtime/backoff';

describe('frame parsing', () => {
  it('reads the frames of the protocol', () => {
    expect(parseFrame('{"type":"hello","userId":"1","sessionId":"2","serverTime":"x","heartbeatSeconds":25,"idleTimeoutSeconds":75}'))
      .toMatchObject({ type: 'hello', heartbeatSeconds: 25 });
    expect(parseFrame(JSON.stringify({ type: 'ack', id: 'r1', duplicate: true, message: { id: '9', conversationId: 'c', senderId: 'u', kind: 'text', createdAt: 'x' } })))
      .toMatchObject({ type: 'ack', duplicate: true });
    expect(parseFrame('{"type":"unsent","conversationId":"c","messageId":"9","unsentAt":"t"}')).toMatchObject({ type: 'unsent' });
    expect(parseFrame('{"type":"presence","userId":"u","online":false,"lastSeenAt":"t"}')).toMatchObject({ online: false });
    expect(parseFrame('{"type":"error","id":"r1","code":"rate-limited"}')).toMatchObject({ code: 'rate-limited' });
  });

  it('ignores what is not a well-formed frame', () => {
    expect(parseFrame('not json')).toBeNull();
    expect(parseFrame('[1,2]')).toBeNull();
    expect(parseFrame('{"type":"surprise"}')).toBeNull();
    expect(parseFrame('{"type":"message","message":{"id":1}}')).toBeNull();
    expect(parseFrame('{"type":"read","conversationId":"c","userId":"u"}')).toBeNull();
    expect(parseFrame(42)).toBeNull();
  });

  it('reads the conversation summary a conversation frame carries, and drops one without', () => {
    const frame = parseFrame('{"type":"conversation","conversation":{"id":"c","kind":"group","name":"A"}}');
    expect(frame && conversationOf(frame)).toMatchObject({ id: 'c', name: 'A' });
    expect(parseFrame('{"type":"conversation","id":"c","kind":"group","name":"A","membership":"left"}')).toBeNull();
  });

  it('reads group invitations and requests to join, and drops malformed ones', () => {
    expect(parseFrame('{"type":"group-invite","conversationId":"g1","inviterId":"u3"}'))
      .toEqual({ type: 'group-invite', conversationId: 'g1', inviterId: 'u3' });
    expect(parseFrame('{"type":"join-request","conversationId":"g1","userId":"u4"}'))
      .toEqual({ type: 'join-request', conversationId: 'g1', userId: 'u4' });
    expect(parseFrame('{"type":"group-invite","conversationId":"g1"}')).toBeNull();
    expect(parseFrame('{"type":"join-request","userId":"u4"}')).toBeNull();
  });
});

describe('reconnect backoff', () => {
  it('doubles from half a second up to thirty seconds', () => {
    const mid = () => 0.5;
    expect([0, 1, 2, 3, 4, 5, 6, 7, 20].map((a) => backoffDelay(a, mid))).toEqual([500, 1000, 2000, 4000, 8000, 16000, 30000, 30000, 30000]);
  });

  it('spreads each delay by fifty percent either way', () => {
    expect(backoffDelay(3, () => 0)).toBe(2000);
    expect(backoffDelay(3, () => 0.999999)).toBe(6000);
    expect(backoffDelay(10, () => 0)).toBe(15000);
  });
});
