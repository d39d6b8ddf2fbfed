package io.parley.conversation;

import io.parley.conversation.GroupPolicy.Action;
import io.parley.conversation.Member.Role;
import io.parley.conversation.store.JdbcConversationStore;
import io.parley.friend.FriendService;
import io.parley.platform.id.IdGenerator;
import io.parley.platform.web.ProblemException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Service;

/** Starting a group with friends, and inviting more: members invite their friends, who accept or decline. */
@Service
public class GroupInvites {
    static final int MAX_INVITES_AT_ONCE = 100;

    private final JdbcConversationStore store;
    private final GroupChanges changes;
    private final GroupMembership membership;
    private final FriendService friends;
    private final IdGenerator ids;

    GroupInvites(JdbcConversationStore store, GroupChanges changes, GroupMembership membership, FriendService friends,
            IdGenerator ids) {
        this.store = store;
        this.changes = changes;
        this.membership = membership;
        this.friends = friends;
        this.ids = ids;
    }

    /** An invitation waiting for the invitee's answer, with the group it leads to. */
    public record Pending(Conversation group, long inviterId, Instant createdAt) {
    }

    /** Creates a group owned by the caller, who invites the friends listed. */
    public Conversation createGroup(long me, String name, List<Long> inviteIds, Conversation.JoinMode joinMode) {
        String checkedName = GroupSettings.checkName(name);
        List<Long> invitees = checkInvitees(me, inviteIds);
        Instant now = changes.now();
        Conversation group = new Conversation(ids.next(), Conversation.Kind.GROUP, checkedName, null, GroupSettings.newCode(),
                joinMode == null ? Conversation.JoinMode.OPEN : joinMode, 1, me, now);
        List<Long> invited = new ArrayList<>();
        changes.inTransaction(() -> {
            changes.forgetRosterOnCommit(group.id());
            store.insertGroup(group, now);
            store.upsertActiveMember(group.id(), me, Role.OWNER, ids.next(), now);
            store.recount(group.id(), now);
            changes.happened(group.id(), me, "group-created", List.of(me), Map.of("name", checkedName));
            for (long invitee : invitees) {
                if (store.insertInvite(group.id(), invitee, me, now)) {
                    invited.add(invitee);
                }
            }
        });
        changes.publish(new ConversationEvent.Changed(group.id(), List.of(me)));
        announce(group.id(), invited, me);
        return store.find(group.id()).orElseThrow(ConversationService::notFound);
    }

    /** Members invite their friends; the invitee accepts or declines. */
    public void invite(long me, long conversationId, List<Long> userIds) {
        changes.allowed(me, conversationId, Action.INVITE);
        List<Long> invitees = checkInvitees(me, userIds);
        Instant now = changes.now();
        List<Long> invited = new ArrayList<>();
        changes.inTransaction(() -> {
            for (long invitee : invitees) {
                boolean member = store.member(conversationId, invitee).map(Member::active).orElse(false);
                if (!member && store.insertInvite(conversationId, invitee, me, now)) {
                    invited.add(invitee);
                }
            }
        });
        announce(conversationId, invited, me);
    }

    public List<Pending> invitesOf(long me) {
        return store.invitesOf(me).stream()
                .map(invite -> new Pending(store.find(invite.conversationId()).orElseThrow(ConversationService::notFound),
                        invite.inviterId(), invite.createdAt()))
                .toList();
    }

    public Conversation acceptInvite(long me, long conversationId) {
        return changes.membership(conversationId, List.of(me), group -> {
            Invite invite = store.takeInvite(conversationId, me).orElseThrow(GroupInvites::inviteNotFound);
            membership.addMember(group, me, invite.inviterId(), "invitation");
        });
    }

    public void declineInvite(long me, long conversationId) {
        if (store.takeInvite(conversationId, me).isEmpty()) {
            throw inviteNotFound();
        }
    }

    private void announce(long conversationId, List<Long> invited, long inviterId) {
        invited.forEach(invitee -> changes.publish(new ConversationEvent.Invited(conversationId, invitee, inviterId)));
    }

    private List<Long> checkInvitees(long me, List<Long> userIds) {
        if (userIds == null || userIds.isEmpty()) {
            return List.of();
        }
        if (userIds.size() > MAX_INVITES_AT_ONCE) {
            throw ProblemException.badRequest("too-many-invites", "Invite at most " + MAX_INVITES_AT_ONCE + " people at once");
        }
        List<Long> invitees = new ArrayList<>();
        for (long userId : new LinkedHashSet<>(userIds)) {
            if (userId == me) {
                continue;
            }
            if (!friends.areFriends(me, userId)) {
                throw ProblemException.badRequest("not-friends", "You can invite your friends");
            }
            // Someone who blocked the inviter is silently left out: they learn nothing, and neither does the inviter.
            if (!friends.hasBlocked(userId, me)) {
                invitees.add(userId);
            }
        }
        return invitees;
    }

    private static ProblemException inviteNotFound() {
        return ProblemException.notFound("invite-not-found", "No such invitation");
    }
}
