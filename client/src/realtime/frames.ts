import type { Conversation, Id, Instant, Message } from '../api/types';

/** Frames the server sends (docs/protocol.md). */
export type ServerFrame =
  | { type: 'hello'; userId: Id; sessionId: Id; serverTime: Instant; heartbeatSeconds: number; idleTimeoutSeconds: number; maxFrameBytes?: number }
  | { type: 'ack'; id: string; duplicate?: boolean; message: Message }
  | { type: 'ok'; id: string }
  | { type: 'error'; id?: string; code: string; message?: string }
  | { type: 'message'; message: Message }
  | { type: 'unsent'; conversationId: Id; messageId: Id; senderId?: Id; unsentAt: Instant }
  | { type: 'read'; conversationId: Id; userId: Id; lastReadId: Id; readAt?: Instant }
  | { type: 'delivered'; conversationId: Id; userId: Id; lastDeliveredId: Id }
  | { type: 'typing'; conversationId: Id; userId: Id }
  | { type: 'presence'; userId: Id; online: boolean; lastSeenAt?: Instant }
  | { type: 'conversation'; conversation?: Conversation } & Partial<Conversation>
  | { type: 'friend'; event: 'request-received' | 'friendship-started' | 'friendship-ended' | string; userId?: Id; requestId?: Id }
  | { type: 'pong'; serverTime?: Instant };

export type ClientFrame =
  | { type: 'send'; id: string; conversationId: Id; clientMessageId: string; body: string; kind?: 'text' }
  | { type: 'read'; id: string; conversationId: Id; messageId: Id }
  | { type: 'received'; conversationId: Id; messageId: Id }
  | { type: 'unsend'; id: string; conversationId: Id; messageId: Id }
  | { type: 'typing'; conversationId: Id }
  | { type: 'ping'; id?: string }
  | { type: 'auth'; id: string; token: string };

const KNOWN = new Set(['hello', 'ack', 'ok', 'error', 'message', 'unsent', 'read', 'delivered', 'typing', 'presence',
  'conversation', 'friend', 'pong']);

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const isString = (v: unknown): v is string => typeof v === 'string';

/** Parses one text frame; null for anything that is not a well-formed server frame we know. */
export function parseFrame(data: unknown): ServerFrame | null {
  if (typeof data !== 'string') return null;
  let value: unknown;
  try {
    value = JSON.parse(data);
  } catch {
    return null;
  }
  if (!isObject(value) || !isString(value.type) || !KNOWN.has(value.type)) return null;
  const f = value;
  switch (f.type) {
    case 'hello':
      return isString(f.userId) && typeof f.heartbeatSeconds === 'number' ? (f as ServerFrame) : null;
    case 'ack':
      return isString(f.id) && isMessage(f.message) ? (f as ServerFrame) : null;
    case 'ok':
      return isString(f.id) ? (f as ServerFrame) : null;
    case 'error':
      return isString(f.code) ? (f as ServerFrame) : null;
    case 'message':
      return isMessage(f.message) ? (f as ServerFrame) : null;
    case 'unsent':
      return isString(f.conversationId) && isString(f.messageId) ? (f as ServerFrame) : null;
    case 'read':
      return isString(f.conversationId) && isString(f.userId) && isString(f.lastReadId) ? (f as ServerFrame) : null;
    case 'delivered':
      return isString(f.conversationId) && isString(f.userId) && isString(f.lastDeliveredId) ? (f as ServerFrame) : null;
    case 'typing':
      return isString(f.conversationId) && isString(f.userId) ? (f as ServerFrame) : null;
    case 'presence':
      return isString(f.userId) && typeof f.online === 'boolean' ? (f as ServerFrame) : null;
    case 'conversation':
      return conversationOf(f as ServerFrame) ? (f as ServerFrame) : null;
    default:
      return f as ServerFrame;
  }
}

function isMessage(v: unknown): v is Message {
  return isObject(v) && isString(v.id) && isString(v.conversationId) && isString(v.senderId);
}

/** The summary a `conversation` frame carries, whether nested or inline. */
export function conversationOf(frame: ServerFrame): Conversation | null {
  if (frame.type !== 'conversation') return null;
  const nested = (frame as { conversation?: unknown }).conversation;
  if (isObject(nested) && isString(nested.id)) return nested as unknown as Conversation;
  const { type: _type, ...rest } = frame as Record<string, unknown>;
  return isString(rest.id) && isString(rest.kind) ? (rest as unknown as Conversation) : null;
}
