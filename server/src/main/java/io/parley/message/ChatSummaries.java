package io.parley.message;

import io.parley.conversation.Conversation;
import io.parley.conversation.ConversationService;
import io.parley.conversation.Member;
import io.parley.conversation.Membership;
import io.parley.message.store.JdbcReadStore;
import io.parley.message.store.MessageStore;
import io.parley.platform.web.ProblemException;
import io.parley.protocol.AvatarView;
import io.parley.protocol.ConversationView;
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
    private final MessageStore messages;
    private final JdbcReadStore reads;
    private final UserService users;

    ChatSummaries(ConversationService conversations, MessageStore messages, JdbcReadStore reads, UserService users) {
        this.conversations = conversations;
        this.messages = messages;
        this.reads = reads;
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
        List<MessageStore.Window> windows = memberships.stream().filter(m -> m.member().active())
                .map(m -> new MessageStore.Window(m.conversation().id(), m.member().visibleFrom(), m.member().lastReadId()))
                .toList();
        Map<Long, MessageStore.Peek> peeks = messages.peeks(me, windows);
        List<Long> direct = memberships.stream().filter(m -> m.conversation().kind() == Conversation.Kind.DIRECT)
                .map(m -> m.conversation().id()).toList();
        Map<Long, JdbcReadStore.PeerReceipts> receipts = reads.peerReceipts(me, direct).stream()
                .collect(Collectors.toMap(JdbcReadStore.PeerReceipts::conversationId, Function.identity()));
        Map<Long, PublicProfile> peers = users.profiles(receipts.values().stream().map(JdbcReadStore.PeerReceipts::peerId).toList());
        return memberships.stream()
                .map(m -> view(m, peeks.get(m.conversation().id()), receipts.get(m.conversation().id()), peers))
                .toList();
    }

    private static ConversationView view(Membership membership, MessageStore.Peek peek, JdbcReadStore.PeerReceipts receipt,
            Map<Long, PublicProfile> peers) {
        Conversation c = membership.conversation();
        Member me = membership.member();
        boolean group = c.isGroup();
        boolean active = me.active();
        Message last = peek == null ? null : peek.last();
        Instant activity = last != null ? last.createdAt() : me.joinedAt().isAfter(c.createdAt()) ? me.joinedAt() : c.createdAt();
        PublicProfile peer = receipt == null ? null : peers.get(receipt.peerId());
        return new ConversationView(Long.toString(c.id()), lower(c.kind()), group ? c.name() : null,
                group ? AvatarView.of(c.avatarKey()) : null, peer == null ? null : Views.person(peer), c.memberCount(),
                lower(me.role()), lower(me.state()), group && active ? c.groupCode() : null, group ? lower(c.joinMode()) : null,
                last == null ? null : Views.message(last), peek == null ? 0 : peek.unread(), idOrNull(me.lastReadId()),
                activity, c.createdAt(),
                receipt == null ? null : idOrNull(receipt.lastReadId()), receipt == null ? null : receipt.readAt(),
                receipt == null ? null : idOrNull(receipt.lastDeliveredId()));
    }

    /** A cursor that has not moved yet (0) is left out. */
    private static String idOrNull(long id) {
        return id == 0 ? null : Long.toString(id);
    }

    static int totalUnread(List<ConversationView> views) {
        return views.stream().mapToInt(ConversationView::unreadCount).sum();
    }

    private static String lower(Enum<?> value) {
        return value.name().toLowerCase(Locale.ROOT);
    }
}
