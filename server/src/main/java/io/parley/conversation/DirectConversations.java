package io.parley.conversation;

import io.parley.conversation.ConversationEvent.Changed;
import io.parley.conversation.Member.Role;
import io.parley.conversation.store.JdbcConversationStore;
import io.parley.friend.FriendService;
import io.parley.platform.bus.EventBus;
import io.parley.platform.id.IdGenerator;
import io.parley.platform.web.ProblemException;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/** One-to-one conversations: between friends, exactly one per pair. */
@Service
public class DirectConversations {
    private final JdbcConversationStore store;
    private final ConversationService conversations;
    private final FriendService friends;
    private final IdGenerator ids;
    private final Clock clock;
    private final TransactionTemplate transactions;
    private final EventBus bus;

    DirectConversations(JdbcConversationStore store, ConversationService conversations, FriendService friends,
            IdGenerator ids, Clock clock, TransactionTemplate transactions, EventBus bus) {
        this.store = store;
        this.conversations = conversations;
        this.friends = friends;
        this.ids = ids;
        this.clock = clock;
        this.transactions = transactions;
        this.bus = bus;
    }

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
            throw ConversationService.notFriends();
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
        conversations.forget(created.id());
        bus.publish(new Changed(created.id(), List.of(me, other)));
        return created;
    }
}
