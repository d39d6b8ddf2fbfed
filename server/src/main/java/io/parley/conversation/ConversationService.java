package io.parley.conversation;

import io.parley.conversation.ConversationEvent.Changed;
import io.parley.conversation.ConversationEvent.Happened;
import io.parley.conversation.Member.Role;
import io.parley.conversation.store.JdbcConversationStore;
import io.parley.friend.FriendService;
import io.parley.platform.blob.BlobStore;
import io.parley.platform.bus.EventBus;
import io.parley.platform.id.IdGenerator;
import io.parley.platform.images.SquarePictures;
import io.parley.platform.ratelimit.RateLimiter;
import io.parley.platform.text.DisplayText;
import io.parley.platform.web.ProblemException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.core.io.InputStreamSource;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Who talks with whom: direct conversations between friends, and groups with roles,
 * invitations, a shareable group ID, approval and capacity. Every change that members should
 * see becomes a system message in the same transaction ({@link ConversationEvent.Happened}),
 * and, once committed, a {@link ConversationEvent.Changed} on the bus.
 */
@Service
@EnableConfigurationProperties(ConversationProperties.class)
public class ConversationService {
    static final int MAX_NAME = 80;
    static final int MAX_INVITES_AT_ONCE = 100;
    private static final String CODE_ALPHABET = "abcdefghijkmnpqrstuvwxyz23456789";
    private static final SecureRandom random = new SecureRandom();

    private final JdbcConversationStore store;
    private final MemberCache members;
    private final FriendService friends;
    private final BlobStore blobs;
    private final SquarePictures pictures;
    private final EventBus bus;
    private final ApplicationEventPublisher events;
    private final IdGenerator ids;
    private final RateLimiter limiter;
    private final Clock clock;
    private final TransactionTemplate transactions;
    private final ConversationProperties properties;

    ConversationService(JdbcConversationStore store, MemberCache members, FriendService friends, BlobStore blobs,
            SquarePictures pictures, EventBus bus, ApplicationEventPublisher events, IdGenerator ids, RateLimiter limiter, Clock clock,
            TransactionTemplate transactions, ConversationProperties properties) {
        this.store = store;
        this.members = members;
        this.friends = friends;
        this.blobs = blobs;
        this.pictures = pictures;
        this.bus = bus;
        this.events = events;
        this.ids = ids;
        this.limiter = limiter;
        this.clock = clock;
        this.transactions = transactions;
        this.properties = properties;
    }

    /** The outcome of using a group ID. */
    public sealed interface JoinOutcome {
        record Joined(Conversation conversation) implements JoinOutcome {
        }

        record Pending(Conversation conversation) implements JoinOutcome {
        }
    }

    // ---- reading ----

    /** The caller's membership, or 404 for anyone who never belonged (existence is not revealed). */
    public Member membership(long me, long conversationId) {
        return store.member(conversationId, me).orElseThrow(ConversationService::notFound);
    }

    /** The caller's active membership; 403 {@code not-a-member} for those who left or were removed. */
    public Member requireActive(long me, long conversationId) {
        Member member = membership(me, conversationId);
        if (!member.active()) {
            throw ProblemException.forbidden("not-a-member", "You are no longer a member of this conversation");
        }
        return member;
    }

    /**
     * Membership check for the hot path (every send): memory only, unless the cache is cold.
     * Throws {@code conversation-not-found} or {@code not-a-member} as {@link #requireActive} does.
     */
    public void checkActive(long me, long conversationId) {
        if (!members.roster(conversationId).contains(me)) {
            requireActive(me, conversationId);
        }
    }

    /**
     * Whether the caller may write into the conversation now: an active member, and in a direct
     * conversation still friends with the other person (ex-friends keep the history, read-only,
     * until they are friends again). From memory, like {@link #checkActive}.
     */
    public void checkCanWrite(long me, long conversationId) {
        checkActive(me, conversationId);
        java.util.OptionalLong peer = directPeer(conversationId, me);
        if (peer.isPresent() && !friends.areFriends(me, peer.getAsLong())) {
            throw notFriends();
        }
    }

    /** The active members' ids (sorted), from memory. */
    public long[] activeMemberIds(long conversationId) {
        return members.roster(conversationId).members();
    }

    /** For a direct conversation, the other member; empty for groups. From memory. */
    public java.util.OptionalLong directPeer(long conversationId, long me) {
        MemberCache.Roster roster = members.roster(conversationId);
        if (!roster.direct()) {
            return java.util.OptionalLong.empty();
        }
        return Arrays.stream(roster.members()).filter(id -> id != me).findFirst();
    }

    public Conversation get(long conversationId) {
        return store.find(conversationId).orElseThrow(ConversationService::notFound);
    }

    public List<Membership> membershipsOf(long userId) {
        return store.membershipsOf(userId);
    }

    /** Those of {@code others} who share (or shared) a conversation with {@code me}: whose messages I may have seen. */
    public java.util.Set<Long> sharingAConversation(long me, java.util.Collection<Long> others) {
        return java.util.Set.copyOf(store.sharingAConversation(me, others));
    }

    /** The other person of a direct conversation. */
    public Optional<Long> peerOf(long conversationId, long me) {
        return store.otherDirectMember(conversationId, me);
    }

    /** For each of the user's direct conversations, the other person: peer id to conversation id. */
    public Map<Long, Long> directConversationsByPeer(long userId) {
        Map<Long, Long> byPeer = new java.util.HashMap<>();
        for (long[] pair : store.directPeers(userId)) {
            byPeer.put(pair[0], pair[1]);
        }
        return byPeer;
    }

    /** A page of active members: owner, admins, members. Cursor: (rank, user id) of the last one. */
    public List<Member> memberPage(long me, long conversationId, int afterRank, long afterUserId, int limit) {
        requireActive(me, conversationId);
        return store.activeMembers(conversationId, afterRank, afterUserId, Math.clamp(limit, 1, 1000));
    }

    public List<Invite> invitesOf(long me) {
        return store.invitesOf(me);
    }

    public List<JoinRequest> joinRequests(long me, long conversationId) {
        requireManager(me, conversationId);
        return store.joinRequests(conversationId);
    }

    // ---- direct conversations ----

    /**
     * The one direct conversation of two people, created on first use. Concurrent calls meet on
     * a unique key and all get the same conversation.
     */
    public Conversation openDirect(long me, long other) {
        if (me == other) {
            throw ProblemException.badRequest("cannot-chat-with-self", "Choose someone else to chat with");
        }
        // Friends only, also for a chat that exists: ex-friends read it from their chat list.
        if (!friends.areFriends(me, other)) {
            throw notFriends();
        }
        String key = Math.min(me, other) + ":" + Math.max(me, other);
        Optional<Conversation> existing = store.findDirect(key);
        if (existing.isPresent()) {
            return existing.get();
        }
        Instant now = clock.instant();
        Conversation created = transactions.execute(status -> {
            long id = ids.next();
            if (store.insertDirect(id, key, me, now)) {
                long visibleFrom = ids.next();
                store.upsertActiveMember(id, me, Role.MEMBER, visibleFrom, now);
                store.upsertActiveMember(id, other, Role.MEMBER, visibleFrom, now);
            }
            return store.findDirect(key).orElseThrow();
        });
        members.forget(created.id());
        bus.publish(new Changed(created.id(), List.of(me, other)));
        return created;
    }

    // ---- groups ----

    public Conversation createGroup(long me, String name, List<Long> inviteIds, Conversation.JoinMode joinMode) {
        String checkedName = checkName(name);
        List<Long> invitees = checkInvitees(me, inviteIds);
        Instant now = clock.instant();
        Conversation group = new Conversation(ids.next(), Conversation.Kind.GROUP, checkedName, null, newCode(),
                joinMode == null ? Conversation.JoinMode.OPEN : joinMode, 1, me, now);
        List<Long> invited = new ArrayList<>();
        transactions.executeWithoutResult(status -> {
            forgetRosterOnCommit(group.id());
            store.insertGroup(group, now);
            store.upsertActiveMember(group.id(), me, Role.OWNER, ids.next(), now);
            store.recount(group.id(), now);
            events.publishEvent(new Happened(group.id(), me, "group-created", List.of(me), Map.of("name", checkedName)));
            for (long invitee : invitees) {
                if (store.insertInvite(group.id(), invitee, me, now)) {
                    invited.add(invitee);
                }
            }
        });
        bus.publish(new Changed(group.id(), List.of(me)));
        invited.forEach(invitee -> bus.publish(new ConversationEvent.Invited(group.id(), invitee, me)));
        return get(group.id());
    }

    public Conversation updateGroup(long me, long conversationId, String name, Conversation.JoinMode joinMode) {
        String checkedName = name == null ? null : checkName(name);
        return changeGroup(me, conversationId, true, List.of(), (group, now) -> {
            store.updateGroup(conversationId, checkedName == null ? group.name() : checkedName,
                    joinMode == null ? group.joinMode() : joinMode, group.avatarKey(), group.groupCode(), now);
            if (checkedName != null && !checkedName.equals(group.name())) {
                events.publishEvent(new Happened(conversationId, me, "group-renamed", List.of(), Map.of("name", checkedName)));
            }
        });
    }

    public Conversation setAvatar(long me, long conversationId, InputStreamSource upload) {
        requireManager(me, conversationId);
        Map<Integer, byte[]> rendered = pictures.render(me, upload);
        String key = "groups/" + conversationId + "/" + HexFormat.of().formatHex(randomBytes(12));
        rendered.forEach((size, jpeg) -> blobs.put(key + "/" + size + ".jpg", jpeg, "image/jpeg"));
        return replaceAvatar(me, conversationId, key);
    }

    public Conversation removeAvatar(long me, long conversationId) {
        return replaceAvatar(me, conversationId, null);
    }

    private Conversation replaceAvatar(long me, long conversationId, String key) {
        String[] old = new String[1];
        Conversation updated = changeGroup(me, conversationId, true, List.of(), (group, now) -> {
            old[0] = group.avatarKey();
            store.updateGroup(conversationId, group.name(), group.joinMode(), key, group.groupCode(), now);
            events.publishEvent(new Happened(conversationId, me, key == null ? "group-photo-removed" : "group-photo-changed",
                    List.of(), Map.of()));
        });
        if (old[0] != null && !old[0].equals(key)) {
            for (int size : SquarePictures.SIZES) {
                blobs.delete(old[0] + "/" + size + ".jpg");
            }
        }
        return updated;
    }

    /** The group's picture for serving: {@code groups/<id>/<token>/<size>.jpg}. */
    public Optional<BlobStore.Blob> groupPicture(String key, int size) {
        for (int allowed : SquarePictures.SIZES) {
            if (allowed == size) {
                return blobs.get(key + "/" + size + ".jpg");
            }
        }
        return Optional.empty();
    }

    /** A new group ID; the old one stops working. */
    public Conversation regenerateCode(long me, long conversationId) {
        return changeGroup(me, conversationId, true, List.of(), (group, now) ->
                store.updateGroup(conversationId, group.name(), group.joinMode(), group.avatarKey(), newCode(), now));
    }

    /** Members invite their friends; the invitee accepts or declines. */
    public void invite(long me, long conversationId, List<Long> userIds) {
        Conversation group = requireGroup(conversationId);
        requireActive(me, conversationId);
        List<Long> invitees = checkInvitees(me, userIds);
        Instant now = clock.instant();
        List<Long> invited = new ArrayList<>();
        transactions.executeWithoutResult(status -> {
            for (long invitee : invitees) {
                boolean member = store.member(group.id(), invitee).map(Member::active).orElse(false);
                if (!member && store.insertInvite(group.id(), invitee, me, now)) {
                    invited.add(invitee);
                }
            }
        });
        invited.forEach(invitee -> bus.publish(new ConversationEvent.Invited(group.id(), invitee, me)));
    }

    public Conversation acceptInvite(long me, long conversationId) {
        Conversation joined = membershipChange(conversationId, List.of(me), group -> {
            Invite invite = store.takeInvite(conversationId, me)
                    .orElseThrow(() -> ProblemException.notFound("invite-not-found", "No such invitation"));
            addMember(group, me, invite.inviterId(), "invitation");
        });
        return joined;
    }

    public void declineInvite(long me, long conversationId) {
        if (store.takeInvite(conversationId, me).isEmpty()) {
            throw ProblemException.notFound("invite-not-found", "No such invitation");
        }
    }

    /** What a group ID leads to, before joining. Limited per user: codes must not be guessable by trying. */
    public Conversation preview(long me, String code) {
        limiter.acquire("group-code", Long.toString(me));
        return findByCode(code);
    }

    public JoinOutcome join(long me, String code) {
        limiter.acquire("group-code", Long.toString(me));
        Conversation group = findByCode(code);
        if (store.member(group.id(), me).map(Member::active).orElse(false)) {
            return new JoinOutcome.Joined(group);
        }
        if (group.joinMode() == Conversation.JoinMode.APPROVAL) {
            if (group.memberCount() >= properties.maxGroupMembers()) {
                throw groupFull();
            }
            if (store.insertJoinRequest(group.id(), me, clock.instant())) {
                bus.publish(new ConversationEvent.JoinRequested(group.id(), me, store.managerIds(group.id())));
            }
            return new JoinOutcome.Pending(group);
        }
        return new JoinOutcome.Joined(membershipChange(group.id(), List.of(me), locked -> addMember(locked, me, me, "group-id")));
    }

    public Conversation approve(long me, long conversationId, long userId) {
        requireManager(me, conversationId);
        return membershipChange(conversationId, List.of(userId), group -> {
            if (!store.deleteJoinRequest(conversationId, userId)) {
                throw ProblemException.notFound("join-request-not-found", "No such request to join");
            }
            addMember(group, userId, me, "approval");
        });
    }

    public void reject(long me, long conversationId, long userId) {
        requireManager(me, conversationId);
        if (!store.deleteJoinRequest(conversationId, userId)) {
            throw ProblemException.notFound("join-request-not-found", "No such request to join");
        }
    }

    /** Leaves a group. An owner hands over to the longest-serving admin, else member. */
    public void leave(long me, long conversationId) {
        requireGroup(conversationId);
        requireActive(me, conversationId);
        membershipChange(conversationId, List.of(me), group -> {
            Member member = store.member(conversationId, me).filter(Member::active).orElseThrow(ConversationService::notFound);
            Instant now = clock.instant();
            store.setMemberState(conversationId, me, Member.State.LEFT, now);
            events.publishEvent(new Happened(conversationId, me, "member-left", List.of(me), Map.of()));
            if (member.role() == Role.OWNER) {
                store.successor(conversationId, me).ifPresent(next -> {
                    store.setRole(conversationId, next, Role.OWNER);
                    events.publishEvent(new Happened(conversationId, me, "owner-changed", List.of(next), Map.of()));
                });
            }
        });
    }

    /** Admins remove members; only the owner removes admins; nobody removes the owner. */
    public void remove(long me, long conversationId, long userId) {
        if (me == userId) {
            throw ProblemException.badRequest("cannot-remove-self", "To leave the group, leave it");
        }
        Member manager = requireManager(me, conversationId);
        membershipChange(conversationId, List.of(userId), group -> {
            Member target = store.member(conversationId, userId).filter(Member::active)
                    .orElseThrow(() -> ProblemException.notFound("member-not-found", "No such member"));
            if (target.role() == Role.OWNER || (target.role() == Role.ADMIN && manager.role() != Role.OWNER)) {
                throw ProblemException.forbidden("not-allowed", "Only the owner removes admins, and nobody removes the owner");
            }
            store.setMemberState(conversationId, userId, Member.State.REMOVED, clock.instant());
            events.publishEvent(new Happened(conversationId, me, "member-removed", List.of(userId), Map.of()));
        });
    }

    /** The owner makes members admins, and admins members again. */
    public void setRole(long me, long conversationId, long userId, Role role) {
        if (role == Role.OWNER) {
            throw ProblemException.badRequest("invalid-role", "Hand the group over to make someone its owner");
        }
        requireOwner(me, conversationId);
        membershipChange(conversationId, List.of(userId), group -> {
            Member target = store.member(conversationId, userId).filter(Member::active)
                    .orElseThrow(() -> ProblemException.notFound("member-not-found", "No such member"));
            if (target.role() == Role.OWNER) {
                throw ProblemException.badRequest("invalid-role", "The owner's role changes only by handing over");
            }
            if (target.role() != role) {
                store.setRole(conversationId, userId, role);
                events.publishEvent(new Happened(conversationId, me, "role-changed", List.of(userId),
                        Map.of("role", role.name().toLowerCase(java.util.Locale.ROOT))));
            }
        });
    }

    public void transferOwnership(long me, long conversationId, long userId) {
        requireOwner(me, conversationId);
        if (me == userId) {
            return;
        }
        membershipChange(conversationId, List.of(me, userId), group -> {
            store.member(conversationId, userId).filter(Member::active)
                    .orElseThrow(() -> ProblemException.notFound("member-not-found", "No such member"));
            store.setRole(conversationId, userId, Role.OWNER);
            store.setRole(conversationId, me, Role.ADMIN);
            events.publishEvent(new Happened(conversationId, me, "owner-changed", List.of(userId), Map.of()));
        });
    }

    // ---- helpers ----

    private void addMember(Conversation group, long userId, long actorId, String via) {
        if (store.member(group.id(), userId).map(Member::active).orElse(false)) {
            return;
        }
        int active = store.activeMemberIds(group.id()).size();
        if (active >= properties.maxGroupMembers()) {
            throw groupFull();
        }
        store.upsertActiveMember(group.id(), userId, Role.MEMBER, ids.next(), clock.instant());
        store.deleteJoinRequest(group.id(), userId);
        events.publishEvent(new Happened(group.id(), actorId, "member-joined", List.of(userId), Map.of("via", via)));
    }

    /** Runs a membership change under the group's row lock, recounts, and announces it after commit. */
    private Conversation membershipChange(long conversationId, List<Long> affected, java.util.function.Consumer<Conversation> change) {
        Conversation result = transactions.execute(status -> {
            forgetRosterOnCommit(conversationId);
            Conversation group = store.lock(conversationId).filter(Conversation::isGroup)
                    .orElseThrow(ConversationService::notFound);
            change.accept(group);
            store.recount(conversationId, clock.instant());
            return store.find(conversationId).orElseThrow();
        });
        members.forget(conversationId);
        bus.publish(new Changed(conversationId, affected));
        return result;
    }

    /**
     * Drops the cached roster as soon as the change commits, before the system message that
     * announces it is delivered (synchronizations run in the order they were registered).
     */
    private void forgetRosterOnCommit(long conversationId) {
        TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
            @Override
            public void afterCommit() {
                members.forget(conversationId);
            }
        });
    }

    private Conversation changeGroup(long me, long conversationId, boolean managersOnly, List<Long> affected,
            java.util.function.BiConsumer<Conversation, Instant> change) {
        if (managersOnly) {
            requireManager(me, conversationId);
        }
        Conversation result = transactions.execute(status -> {
            Conversation group = store.lock(conversationId).filter(Conversation::isGroup)
                    .orElseThrow(ConversationService::notFound);
            change.accept(group, clock.instant());
            return store.find(conversationId).orElseThrow();
        });
        bus.publish(new Changed(conversationId, affected));
        return result;
    }

    private Conversation requireGroup(long conversationId) {
        return store.find(conversationId).filter(Conversation::isGroup).orElseThrow(ConversationService::notFound);
    }

    private Member requireManager(long me, long conversationId) {
        requireGroup(conversationId);
        Member member = requireActive(me, conversationId);
        if (!member.canManage()) {
            throw ProblemException.forbidden("not-allowed", "Only the group's owner and admins can do that");
        }
        return member;
    }

    private Member requireOwner(long me, long conversationId) {
        requireGroup(conversationId);
        Member member = requireActive(me, conversationId);
        if (member.role() != Role.OWNER) {
            throw ProblemException.forbidden("not-allowed", "Only the group's owner can do that");
        }
        return member;
    }

    private Conversation findByCode(String code) {
        if (code == null || !code.matches("[a-z0-9]{16}")) {
            throw groupNotFound();
        }
        return store.findByGroupCode(code).orElseThrow(ConversationService::groupNotFound);
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

    private static ProblemException notFriends() {
        return ProblemException.forbidden("not-friends", "You can chat with your friends only; add them again to write");
    }

    /** Cleaned by {@link DisplayText#line}, as people's names are. */
    private static String checkName(String name) {
        String cleaned = name == null ? null : DisplayText.line(name);
        if (cleaned == null || cleaned.codePointCount(0, cleaned.length()) > MAX_NAME) {
            throw ProblemException.badRequest("invalid-group-name",
                    "A group name is 1 to " + MAX_NAME + " visible characters on one line");
        }
        return cleaned;
    }

    private static String newCode() {
        StringBuilder code = new StringBuilder(16);
        for (int i = 0; i < 16; i++) {
            code.append(CODE_ALPHABET.charAt(random.nextInt(CODE_ALPHABET.length())));
        }
        return code.toString();
    }

    private static byte[] randomBytes(int n) {
        byte[] bytes = new byte[n];
        random.nextBytes(bytes);
        return bytes;
    }

    static ProblemException notFound() {
        return ProblemException.notFound("conversation-not-found", "No such conversation");
    }

    private static ProblemException groupNotFound() {
        return ProblemException.notFound("group-not-found", "No group has this group ID");
    }

    private static ProblemException groupFull() {
        return ProblemException.conflict("group-full", "This group is full");
    }
}
