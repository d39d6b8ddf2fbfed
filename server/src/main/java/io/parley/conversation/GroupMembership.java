package io.parley.conversation;

import io.parley.conversation.GroupPolicy.Action;
import io.parley.conversation.GroupPolicy.Decision;
import io.parley.conversation.Member.Role;
import io.parley.conversation.store.JdbcConversationStore;
import io.parley.platform.id.IdGenerator;
import io.parley.platform.ratelimit.RateLimiter;
import io.parley.platform.web.ProblemException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.stereotype.Service;

/**
 * Who is in a group and in which role: joining with the group ID (at once, or by approval),
 * leaving, removing, roles and handing over, the member list. The rules are {@link GroupPolicy}'s.
 */
@Service
@EnableConfigurationProperties(ConversationProperties.class)
public class GroupMembership {
    static final int MAX_MEMBER_PAGE = 200;

    private final JdbcConversationStore store;
    private final GroupChanges changes;
    private final RateLimiter limiter;
    private final IdGenerator ids;
    private final ConversationProperties properties;

    GroupMembership(JdbcConversationStore store, GroupChanges changes, RateLimiter limiter, IdGenerator ids,
            ConversationProperties properties) {
        this.store = store;
        this.changes = changes;
        this.limiter = limiter;
        this.ids = ids;
        this.properties = properties;
    }

    /** The outcome of using a group ID. */
    public sealed interface JoinOutcome {
        record Joined(Conversation conversation) implements JoinOutcome {
        }

        record Pending(Conversation conversation) implements JoinOutcome {
        }
    }

    /** Active members: owner, admins, members; {@code nextCursor} is null on the last page. */
    public record MemberPage(List<Member> members, String nextCursor) {
    }

    /** A page of the members; the cursor is one this method gave out, or null for the first page. */
    public MemberPage memberPage(long me, long conversationId, String cursor, int limit) {
        long[] after = decodeMemberCursor(cursor);
        int size = Math.clamp(limit, 1, MAX_MEMBER_PAGE);
        changes.requireActive(me, conversationId);
        List<Member> page = store.activeMembers(conversationId, (int) after[0], after[1], size + 1);
        if (page.size() <= size) {
            return new MemberPage(page, null);
        }
        List<Member> shown = page.subList(0, size);
        Member last = shown.getLast();
        return new MemberPage(shown, encodeMemberCursor(last.role().ordinal(), last.userId()));
    }

    public List<JoinRequest> joinRequests(long me, long conversationId) {
        changes.allowed(me, conversationId, Action.VIEW_JOIN_REQUESTS);
        return store.joinRequests(conversationId);
    }

    /** What a group ID leads to, before joining. Limited per user: codes must not be guessable by trying. */
    public Conversation preview(long me, String code) {
        limiter.acquire("group-code", Long.toString(me));
        return findByCode(code);
    }

    public JoinOutcome join(long me, String code) {
        limiter.acquire("group-code", Long.toString(me));
        Conversation group = findByCode(code);
        Role role = store.member(group.id(), me).filter(Member::active).map(Member::role).orElse(null);
        if (role != null) {
            return new JoinOutcome.Joined(group);
        }
        if (GroupPolicy.decide(null, null, Action.JOIN_BY_GROUP_ID, group.joinMode()) == Decision.ASK_APPROVAL) {
            if (group.memberCount() >= properties.maxGroupMembers()) {
                throw groupFull();
            }
            if (store.insertJoinRequest(group.id(), me, changes.now())) {
                changes.publish(new ConversationEvent.JoinRequested(group.id(), me, store.managerIds(group.id())));
            }
            return new JoinOutcome.Pending(group);
        }
        return new JoinOutcome.Joined(changes.membership(group.id(), List.of(me), locked -> addMember(locked, me, me, "group-id")));
    }

    public Conversation approve(long me, long conversationId, long userId) {
        changes.allowed(me, conversationId, Action.APPROVE_JOIN);
        return changes.membership(conversationId, List.of(userId), group -> {
            if (!store.deleteJoinRequest(conversationId, userId)) {
                throw joinRequestNotFound();
            }
            addMember(group, userId, me, "approval");
        });
    }

    public void reject(long me, long conversationId, long userId) {
        changes.allowed(me, conversationId, Action.REJECT_JOIN);
        if (!store.deleteJoinRequest(conversationId, userId)) {
            throw joinRequestNotFound();
        }
    }

    /** Leaves a group. An owner hands over to the longest-serving admin, else member. */
    public void leave(long me, long conversationId) {
        changes.allowed(me, conversationId, Action.LEAVE);
        changes.membership(conversationId, List.of(me), group -> {
            Member member = store.member(conversationId, me).filter(Member::active).orElseThrow(ConversationService::notFound);
            store.setMemberState(conversationId, me, Member.State.LEFT, changes.now());
            changes.happened(conversationId, me, "member-left", List.of(me), Map.of());
            if (GroupPolicy.handsOverOnLeave(member.role())) {
                store.successor(conversationId, me).ifPresent(next -> {
                    store.setRole(conversationId, next, Role.OWNER);
                    changes.happened(conversationId, me, "owner-changed", List.of(next), Map.of());
                });
            }
        });
    }

    /** Admins remove members; only the owner removes admins; nobody removes the owner. */
    public void remove(long me, long conversationId, long userId) {
        if (me == userId) {
            throw ProblemException.badRequest("cannot-remove-self", "To leave the group, leave it");
        }
        Member manager = changes.allowed(me, conversationId, Action.REMOVE_MEMBER);
        changes.membership(conversationId, List.of(userId), group -> {
            Member target = changes.target(conversationId, userId);
            GroupChanges.require(GroupPolicy.decide(manager.role(), target.role(), Action.REMOVE_MEMBER, group.joinMode()));
            store.setMemberState(conversationId, userId, Member.State.REMOVED, changes.now());
            changes.happened(conversationId, me, "member-removed", List.of(userId), Map.of());
        });
    }

    /** The owner makes members admins, and admins members again. */
    public void setRole(long me, long conversationId, long userId, Role role) {
        if (role == Role.OWNER) {
            throw ProblemException.badRequest("invalid-role", "Hand the group over to make someone its owner");
        }
        Action action = role == Role.ADMIN ? Action.MAKE_ADMIN : Action.MAKE_MEMBER;
        Member owner = changes.allowed(me, conversationId, action);
        changes.membership(conversationId, List.of(userId), group -> {
            Member target = changes.target(conversationId, userId);
            GroupChanges.require(GroupPolicy.decide(owner.role(), target.role(), action, group.joinMode()));
            if (target.role() != role) {
                store.setRole(conversationId, userId, role);
                changes.happened(conversationId, me, "role-changed", List.of(userId),
                        Map.of("role", role.name().toLowerCase(Locale.ROOT)));
            }
        });
    }

    public void transferOwnership(long me, long conversationId, long userId) {
        changes.allowed(me, conversationId, Action.HAND_OVER);
        if (me == userId) {
            return;
        }
        changes.membership(conversationId, List.of(me, userId), group -> {
            changes.target(conversationId, userId);
            store.setRole(conversationId, userId, Role.OWNER);
            store.setRole(conversationId, me, Role.ADMIN);
            changes.happened(conversationId, me, "owner-changed", List.of(userId), Map.of());
        });
    }

    /** Adds someone as a member, inside a {@link GroupChanges#membership} change; nothing if they are one. */
    void addMember(Conversation group, long userId, long actorId, String via) {
        if (store.member(group.id(), userId).map(Member::active).orElse(false)) {
            return;
        }
        int active = store.activeMemberIds(group.id()).size();
        if (active >= properties.maxGroupMembers()) {
            throw groupFull();
        }
        store.upsertActiveMember(group.id(), userId, Role.MEMBER, ids.next(), changes.now());
        store.deleteJoinRequest(group.id(), userId);
        changes.happened(group.id(), actorId, "member-joined", List.of(userId), Map.of("via", via));
    }

    /** Group IDs are shared by hand: spaces around them and capitals do not matter. */
    private Conversation findByCode(String code) {
        String normalized = code == null ? null : code.strip().toLowerCase(Locale.ROOT);
        if (normalized == null || !normalized.matches("[a-z0-9]{16}")) {
            throw ProblemException.notFound("group-not-found", "No group has this group ID");
        }
        return store.findByGroupCode(normalized)
                .orElseThrow(() -> ProblemException.notFound("group-not-found", "No group has this group ID"));
    }

    private static String encodeMemberCursor(int rank, long userId) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString((rank + ":" + userId).getBytes(StandardCharsets.US_ASCII));
    }

    private static long[] decodeMemberCursor(String cursor) {
        if (cursor == null || cursor.isEmpty()) {
            return new long[] {-1, 0};
        }
        try {
            String[] parts = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.US_ASCII).split(":");
            return new long[] {Integer.parseInt(parts[0]), Long.parseLong(parts[1])};
        } catch (RuntimeException e) {
            throw ProblemException.badRequest("invalid-cursor", "The cursor is not one this server gave out");
        }
    }

    private static ProblemException joinRequestNotFound() {
        return ProblemException.notFound("join-request-not-found", "No such request to join");
    }

    private static ProblemException groupFull() {
        return ProblemException.conflict("group-full", "This group is full");
    }
}
