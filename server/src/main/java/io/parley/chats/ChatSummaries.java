package io.parley.chats;

import io.parley.conversation.Conversation;
import io.parley.conversation.ConversationService;
import io.parley.conversation.Member;
import io.parley.conversation.Membership;
import io.parley.message.Message;
import io.parley.message.MessageReads;
import io.parley.message.Views;
import io.parley.platform.web.ProblemException;
import io.parley.protocol.AvatarView;
import io.parley.protocol.ConversationView;
import io.parley.protocol.PersonView;
import io.parley.user.PublicProfile;
import io.parley.user.UserService;
import java.time.Instant;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.springframework.stereotype.Component;

/**
 * A person's conversations as their list shows them: the last message (the "peek"), unread
 * counts, and in 1:1 chats the other person and their receipts. A handful of queries for the
 * whole list, never one per conversation.
 */
@Component
public class ChatSummaries {
    private final ConversationService conversations;
    private final MessageReads messages;
    private final UserService users;

    ChatSummaries(ConversationService conversations, MessageReads messages, UserService users) {
        this.conversations = conversations;
        this.messages = messages;
        this.users = users;
    }

    /** All of the user's conversations, latest activity first (left ones included, marked). */
    public List<ConversationView> list(long me) {
        return build(me, conversations.membershipsOf(me)).stream()
                .sorted(Comparator.comparing(ConversationView::lastActivityAt).reversed()
                        .thenComparing(ConversationView::id, Comparator.reverseOrder()))
                .toList();
    }

    public ConversationView one(long me, long conversationId) {
        List<ConversationView> views = of(me, Set.of(conversationId));
        if (views.isEmpty()) {
            throw ProblemException.notFound("conversation-not-found", "No such conversation");
        }
        return views.getFirst();
    }

    public List<ConversationView> of(long me, Collection<Long> conversationIds) {
        Set<Long> wanted = Set.copyOf(conversationIds);
        return build(me, conversations.membershipsOf(me).stream()
                .filter(m -> wanted.contains(m.conversation().id())).toList());
    }

    private List<ConversationView> build(long me, List<Membership> memberships) {
        List<MessageReads.Window> windows = memberships.stream().filter(m -> m.member().active())
                .map(ChatSummaries::window)
                .toList();
        Map<Long, MessageReads.Peek> peeks = messages.peeks(me, windows);
        List<Long> direct = memberships.stream().filter(m -> m.conversation().kind() == Conversation.Kind.DIRECT)
                .map(m -> m.conversation().id()).toList();
        Map<Long, MessageReads.PeerReceipts> receipts = messages.peerReceipts(me, direct).stream()
                .collect(Collectors.toMap(MessageReads.PeerReceipts::conversationId, Function.identity()));
        Map<Long, PublicProfile> peers = users.profiles(receipts.values().stream().map(MessageReads.PeerReceipts::peerId).toList());
        return memberships.stream()
                .map(m -> view(m, peeks.get(m.conversation().id()), receipts.get(m.conversation().id()), peers))
                .toList();
    }

    private static ConversationView view(Membership membership, MessageReads.Peek peek, MessageReads.PeerReceipts receipt,
            Map<Long, PublicProfile> peers) {
        Conversation c = membership.conversation();
        Member me = membership.member();
        boolean group = c.isGroup();
        boolean active = me.active();
        Message last = peek == null ? null : peek.last();
        Instant activity = last != null ? last.createdAt() : me.joinedAt().isAfter(c.createdAt()) ? me.joinedAt() : c.createdAt();
        PublicProfile peer = receipt == null ? null : peers.get(receipt.peerId());
        return new ConversationView(Long.toString(c.id()), lower(c.kind()), group ? c.name() : null,
                group ? AvatarView.of(c.avatarKey()) : null, peer == null ? null : person(peer), c.memberCount(),
                lower(me.role()), lower(me.state()), group && active ? c.groupCode() : null, group ? lower(c.joinMode()) : null,
                last == null ? null : Views.message(last), peek == null ? 0 : peek.unread(), idOrNull(me.lastReadId()),
                activity, c.createdAt(),
                receipt == null ? null : idOrNull(receipt.lastReadId()), receipt == null ? null : receipt.readAt(),
                receipt == null ? null : idOrNull(receipt.lastDeliveredId()));
    }

    /** What the member may see of the conversation, and how far they have read. */
    static MessageReads.Window window(Membership membership) {
        return new MessageReads.Window(membership.conversation().id(), membership.member().visibleFrom(),
                membership.member().lastReadId());
    }

    private static PersonView person(PublicProfile profile) {
        return new PersonView(Long.toString(profile.id()), profile.parleyId(), profile.displayName(),
                profile.introduction(), AvatarView.of(profile.avatarKey()));
    }

    /** A cursor that has not moved yet (0) is left out. */
    private static String idOrNull(long id) {
        return id == 0 ? null : Long.toString(id);
    }

    private static String lower(Enum<?> value) {
        return value.name().toLowerCase(Locale.ROOT);
    }
}
