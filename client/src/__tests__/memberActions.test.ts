import { MEMBER_ACTION_TEXT, memberActions } from '../state/memberActions';

describe('what a group member may do to another', () => {
  it('lets the owner appoint, demote, hand over and remove', () => {
    expect(memberActions('owner', 'member', false)).toEqual(['make-admin', 'make-owner', 'remove']);
    expect(memberActions('owner', 'admin', false)).toEqual(['remove-admin', 'make-owner', 'remove']);
  });

  it('lets an admin remove members, but not other admins', () => {
    expect(memberActions('admin', 'member', false)).toEqual(['remove']);
    expect(memberActions('admin', 'admin', false)).toEqual([]);
  });

  it('offers nothing to members, nothing on the owner and nothing on myself', () => {
    expect(memberActions('member', 'member', false)).toEqual([]);
    expect(memberActions(undefined, 'member', false)).toEqual([]);
    expect(memberActions('admin', 'owner', false)).toEqual([]);
    expect(memberActions('owner', 'owner', true)).toEqual([]);
  });

  it('asks before what cannot be taken back', () => {
    expect(MEMBER_ACTION_TEXT.remove.confirm?.('Cy')).toBe('Remove Cy from the group?');
    expect(MEMBER_ACTION_TEXT['make-owner'].confirm?.('Bo')).toContain('Bo');
    expect(MEMBER_ACTION_TEXT['make-admin'].confirm).toBeUndefined();
  });
});
