import type { ClientFrame, Conversation, Message, ServerFrame } from '../api/types';

export type { ClientFrame, ServerFrame } from '../api/types';

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const isString = (v: unknown): v is string => typeof v === 'string';

/** For each frame the server sends (docs/protocol.md), what a frame must carry to be acted on. */
const CHECKS: { [T in ServerFrame['type']]: (f: Record<string, unknown>) => boolean } = {
  hello: (f) => isString(f.userId) && typeof f.heartbeatSeconds === 'number',
  ack: (f) => isString(f.id) && isMessage(f.message),
  ok: (f) => isString(f.id),
  error: (f) => isString(f.code),
  message: (f) => isMessage(f.message),
  unsent: (f) => isString(f.conversationId) && isString(f.messageId),
  read: (f) => isString(f.conversationId) && isString(f.userId) && isString(f.lastReadId),
  delivered: (f) => isString(f.conversationId) && isString(f.userId) && isString(f.lastDeliveredId),
  typing: (f) => isString(f.conversationId) && isString(f.userId),
  presence: (f) => isString(f.userId) && typeof f.online === 'boolean',
  conversation: (f) => isObject(f.conversation) && isString(f.conversation.id) && isString(f.conversation.kind),
  friend: (f) => isString(f.event),
  'group-invite': (f) => isString(f.conversationId) && isString(f.inviterId),
  'join-request': (f) => isString(f.conversationId) && isString(f.userId),
  pong: () => true,
};

/** Parses one text frame; null for anything that is not a well-formed server frame we know. */
export function parseFrame(data: unknown): ServerFrame | null {
  if (typeof data !== 'string') return null;
  let value: unknown;
  try {
    value = JSON.parse(data);
  } catch {
    return null;
  }
  if (!isObject(value) || !isString(value.type) || !Object.prototype.hasOwnProperty.call(CHECKS, value.type)) return null;
  return CHECKS[value.type as ServerFrame['type']](value) ? (value as ServerFrame) : null;
}

function isMessage(v: unknown): v is Message {
  return isObject(v) && isString(v.id) && isString(v.conversationId) && isString(v.senderId);
}

/** The summary a `conversation` frame carries. */
export function conversationOf(frame: ServerFrame): Conversation | null {
  return frame.type === 'conversation' ? frame.conversation : null;
}

