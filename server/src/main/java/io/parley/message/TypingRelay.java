package io.parley.message;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.parley.conversation.ConversationService;
import io.parley.platform.bus.EventBus;
import java.time.Duration;
import org.springframework.stereotype.Component;

/** "Ana is typing": relayed to the other members, at most every two seconds per person, never stored. */
@Component
class TypingRelay {
    private record Key(long conversationId, long userId) {
    }

    private final ConversationService conversations;
    private final EventBus bus;
    private final Cache<Key, Boolean> recent = Caffeine.newBuilder()
            .expireAfterWrite(Duration.ofSeconds(2)).maximumSize(200_000).build();

    TypingRelay(ConversationService conversations, EventBus bus) {
        this.conversations = conversations;
        this.bus = bus;
    }

    void typing(long userId, long conversationId) {
        conversations.checkCanWrite(userId, conversationId);
        if (recent.asMap().putIfAbsent(new Key(conversationId, userId), Boolean.TRUE) == null) {
            bus.publish(new MessageEvent.Typing(conversationId, userId));
        }
    }
}
