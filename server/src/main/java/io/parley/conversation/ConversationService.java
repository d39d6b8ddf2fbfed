package io.parley.conversation;

import io.parley.conversation.store.JdbcConversationStore;
import io.parley.friend.FriendService;
import io.parley.platform.web.ProblemException;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.OptionalLong;
import java.util.Set;
import org.springframework.stereotype.Service;

/**
 * The conversation module's read side for the other features: who belongs where, from memory on
 * the hot path (every send and every delivery asks). The use cases that change conversations live
 * beside it: {@link DirectConversations}, {@link GroupInvites}, {@link GroupMembership} and
 * {@link GroupSettings}, with the group rules in {@link GroupPolicy}.
 */
@Service
public class ConversationService {
    private final JdbcConversationStore store;
    private final MemberCache members;
    private final FriendService friends;

    ConversationService(JdbcConversationStore store, MemberCache members, FriendService friends) {
        this.store = store;
        this.members = members;
        this.friends = friends;
    }

    /** The caller's membership, or 404 for anyone who never belonged (existence is not revealed). */
    public Member membership(long me, long conversationId) {
        return store.member(conversationId, me).orElseThrow(ConversationService::notFound);
    }

    /** The caller's active membership; 403 {@code not-a-member} for those who left or were removed. */
    public Member requireActive(long me, long conversationId) {
        Member member = membership(me, conversationId);
        if (!member.active()) {
            throw notAMember();
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
        OptionalLong peer = directPeer(conversationId, me);
        if (peer.isPresent() && !friends.areFriends(me, peer.getAsLong())) {
            throw notFriends();
        }
    }

    /** The active members' ids (sorted), from memory. */
    public long[] activeMemberIds(long conversationId) {
        return members.roster(conversationId).members();
    }

    /** For a direct conversation, the other member; empty for groups. From memory. */
    public OptionalLong directPeer(long conversationId, long me) {
        MemberCache.Roster roster = members.roster(conversationId);
        if (!roster.direct()) {
            return OptionalLong.empty();
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
    public Set<Long> sharingAConversation(long me, Collection<Long> others) {
        return Set.copyOf(store.sharingAConversation(me, others));
    }

    /** Drops the cached roster of a conversation whose members just changed. */
    void forget(long conversationId) {
        members.forget(conversationId);
    }

    static ProblemException notFound() {
        return ProblemException.notFound("conversation-not-found", "No such conversation");
    }

    static ProblemException notAMember() {
        return ProblemException.forbidden("not-a-member", "You are no longer a member of this conversation");
    }

    static ProblemException notFriends() {
        return ProblemException.forbidden("not-friends", "You can chat with your friends only; add them again to write");
    }
}
