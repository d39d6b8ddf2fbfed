package io.parley.conversation;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.parley.conversation.store.JdbcConversationStore;
import io.parley.platform.bus.EventBus;
import java.time.Duration;
import java.util.Arrays;
import org.springframework.stereotype.Component;

/**
 * Who is in a conversation right now, in memory: every send checks membership and every
 * delivery fans out to the members, so neither may cost a query. Any membership change, on any
 * node, drops the entry (the change travels on the bus).
 */
@Component
class MemberCache {
    private final JdbcConversationStore store;
    private final Cache<Long, Roster> rosters = Caffeine.newBuilder()
            .maximumSize(200_000)
            .expireAfterAccess(Duration.ofMinutes(30))
            .build();

    MemberCache(JdbcConversationStore store, EventBus bus) {
        this.store = store;
        bus.observe(ConversationEvent.Changed.class, event -> forget(event.conversationId()));
    }

    /** A conversation's kind and its active members' ids (sorted); empty for unknown ids. */
    record Roster(boolean direct, long[] members) {
        boolean contains(long userId) {
            return Arrays.binarySearch(members, userId) >= 0;
        }
    }

    Roster roster(long conversationId) {
        return rosters.get(conversationId, id -> store.find(id)
                .map(c -> new Roster(c.kind() == Conversation.Kind.DIRECT,
                        store.activeMemberIds(id).stream().mapToLong(Long::longValue).sorted().toArray()))
                .orElse(new Roster(false, new long[0])));
    }

    void forget(long conversationId) {
        rosters.invalidate(conversationId);
    }
}
