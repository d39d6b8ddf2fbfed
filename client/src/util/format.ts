import type { Message, Presence, SystemEvent, UserCard } from '../api/types';

const pad = (n: number) => String(n).padStart(2, '0');

export function timeOfDay(iso: string | undefined): string {
  if (!iso) return '';
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? '' : `${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

function startOfDay(d: Date): number {
  return new Date(d.getFullYear(), d.getMonth(), d.getDate()).getTime();
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];

/** "Today", "Yesterday", "Mon, Nov 23", or with the year when it is not this year. */
export function dayLabel(iso: string, now: Date = new Date()): string {
  const d = new Date(iso);
  const days = Math.round((startOfDay(now) - startOfDay(d)) / 86_400_000);
  if (days === 0) return 'Today';
  if (days === 1) return 'Yesterday';
  const base = `${DAYS[d.getDay()]}, ${MONTHS[d.getMonth()]} ${d.getDate()}`;
  return d.getFullYear() === now.getFullYear() ? base : `${base}, ${d.getFullYear()}`;
}

export function sameDay(a: string, b: string): boolean {
  return startOfDay(new Date(a)) === startOfDay(new Date(b));
}

/** A short time for lists: "09:41" today, "Yesterday", else the date. */
export function listTime(iso: string | undefined, now: Date = new Date()): string {
  if (!iso) return '';
  const label = dayLabel(iso, now);
  return label === 'Today' ? timeOfDay(iso) : label.replace(/^[A-Z][a-z]{2}, /, '');
}

/** "Online", "Last seen 5 min ago"...; nothing when unknown or hidden (the person does not share it with us, or we chose not to share ours). */
export function lastSeen(presence: Presence | undefined, now: number = Date.now()): string {
  if (!presence || presence.hidden) return '';
  if (presence.online) return 'Online';
  if (!presence.lastSeenAt) return 'Offline';
  const minutes = Math.floor((now - Date.parse(presence.lastSeenAt)) / 60_000);
  if (minutes < 1) return 'Last seen just now';
  if (minutes < 60) return `Last seen ${minutes} min ago`;
  const hours = Math.floor(minutes / 60);
  if (hours < 24) return `Last seen ${hours} h ago`;
  return `Last seen ${dayLabel(presence.lastSeenAt)}`;
}

export function nameOf(userId: string, users: Record<string, UserCard>, myId: string): string {
  if (userId === myId) return 'You';
  return users[userId]?.displayName ?? 'Someone';
}

/** "You" opens a sentence; inside one it is "you". */
function named(userId: string, users: Record<string, UserCard>, myId: string, opening: boolean): string {
  const name = nameOf(userId, users, myId);
  return userId === myId && !opening ? 'you' : name;
}

function list(names: string[]): string {
  if (names.length === 0) return 'someone';
  return names.length === 1 ? names[0] : `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]}`;
}

/** A system message as a sentence: "Ana added Ben", "You renamed the group to "Hikes"". */
export function systemText(event: SystemEvent | undefined, users: Record<string, UserCard>, myId: string): string {
  if (!event) return '';
  const actor = named(event.actorId, users, myId, true);
  const targetsOpening = list(event.userIds.map((id, i) => named(id, users, myId, i === 0)));
  const targets = list(event.userIds.map((id) => named(id, users, myId, false)));
  const byOther = !event.userIds.includes(event.actorId);
  switch (event.event) {
    case 'group-created': return `${actor} created the group${event.name ? ` "${event.name}"` : ''}`;
    case 'group-renamed': return `${actor} renamed the group to "${event.name ?? ''}"`;
    case 'group-photo-changed': return `${actor} changed the group photo`;
    case 'group-photo-removed': return `${actor} removed the group photo`;
    case 'member-joined':
      if (event.via === 'approval') return `${actor} let ${targets} in`;
      if (event.via === 'invitation') return byOther ? `${targetsOpening} joined, invited by ${named(event.actorId, users, myId, false)}` : `${targetsOpening} joined`;
      if (event.via === 'group-id') return `${targetsOpening} joined with the group ID`;
      return byOther ? `${actor} added ${targets}` : `${targetsOpening} joined`;
    case 'member-left': return `${event.userIds.length > 0 ? targetsOpening : actor} left`;
    case 'member-removed': return `${actor} removed ${targets}`;
    case 'role-changed': return event.role === 'admin' ? `${actor} made ${targets} an admin` : `${actor} made ${targets} a member (no longer an admin)`;
    case 'owner-changed': return `${actor} handed the group over to ${targets}`;
    default: return `${actor} changed the group`;
  }
}

/** One line for a chat list: the last message, or "X unsent a message". */
export function peek(message: Message | undefined, users: Record<string, UserCard>, myId: string, isGroup: boolean): string {
  if (!message) return '';
  if (message.unsentAt) return `${nameOf(message.senderId, users, myId)} unsent a message`;
  if (message.kind === 'system') return systemText(message.system, users, myId);
  const text = (message.body ?? '').replace(/\s+/g, ' ');
  if (message.senderId === myId) return `You: ${text}`;
  return isGroup ? `${nameOf(message.senderId, users, myId)}: ${text}` : text;
}

export const PARLEY_ID = /^[A-Za-z0-9._]{4,20}$/;

export function parleyIdProblem(value: string): string | null {
  if (value.length === 0) return null;
  if (value.length < 4 || value.length > 20) return 'A Parley ID has 4 to 20 characters.';
  if (!PARLEY_ID.test(value)) return 'Use only letters, digits, "." and "_".';
  return null;
}
