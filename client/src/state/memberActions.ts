import type { MemberRole } from '../api/types';

export type MemberAction = 'make-admin' | 'remove-admin' | 'make-owner' | 'remove';

/**
 * What I may do to another member of a group, so the app offers only what the server allows
 * (the server checks the same rules): the owner appoints and demotes admins, hands the group
 * over and removes anyone; an admin removes members but not other admins; nobody acts on the owner.
 */
export function memberActions(myRole: MemberRole | undefined, theirRole: MemberRole, isMe: boolean): MemberAction[] {
  if (isMe || theirRole === 'owner') return [];
  if (myRole === 'owner') return [theirRole === 'admin' ? 'remove-admin' : 'make-admin', 'make-owner', 'remove'];
  if (myRole === 'admin' && theirRole === 'member') return ['remove'];
  return [];
}

/** The words on each action's button, and the question asked before the ones that cannot be taken back. */
export const MEMBER_ACTION_TEXT: Record<MemberAction, { button: string; confirm?: (name: string) => string; done: (name: string) => string }> = {
  'make-admin': { button: 'Make admin', done: (name) => `${name} is now an admin.` },
  'remove-admin': { button: 'Remove as admin', done: (name) => `${name} is no longer an admin.` },
  'make-owner': {
    button: 'Make owner',
    confirm: (name) => `Hand the group over to ${name}? You stay in it as an admin.`,
    done: (name) => `${name} owns the group now.`,
  },
  remove: {
    button: 'Remove from group',
    confirm: (name) => `Remove ${name} from the group?`,
    done: (name) => `${name} was removed from the group.`,
  },
};
