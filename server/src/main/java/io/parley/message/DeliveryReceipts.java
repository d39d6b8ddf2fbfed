package io.parley.message;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.parley.conversation.ConversationService;
import io.parley.message.store.JdbcReadStore;
import io.parley.platform.bus.EventBus;
import io.parley.platform.security.Caller;
import java.time.Duration;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * "Delivered": a device says it has everything up to a message. In 1:1 conversations the
 * other person learns at once; the cursor is written in batches every second (a receipt per
 * message per device must not cost a write each). Groups show "Read by N" instead, so their
 * receipts are not kept.
 */
@Component
class DeliveryReceipts implements DisposableBean {
    private record Key(long conversationId, long userId) {
    }

    private final ConversationService conversations;
    private final JdbcReadStore reads;
    private final EventBus bus;
    private final Map<Key, Long> unwritten = new ConcurrentHashMap<>();
    private final Cache<Key, Long> known = Caffeine.newBuilder()
            .maximumSize(500_000).expireAfterAccess(Duration.ofMinutes(10)).build();

    DeliveryReceipts(ConversationService conversations, JdbcReadStore reads, EventBus bus) {
        this.conversations = conversations;
        this.reads = reads;
        this.bus = bus;
    }

    void received(Caller caller, long conversationId, long messageId) {
        conversations.checkActive(caller.userId(), conversationId);
        OptionalLong peer = conversations.directPeer(conversationId, caller.userId());
        if (peer.isEmpty() || messageId <= 0) {
            return;
        }
        Key key = new Key(conversationId, caller.userId());
        boolean[] advanced = {false};
        known.asMap().compute(key, (k, old) -> {
            advanced[0] = old == null || messageId > old;
            return advanced[0] ? messageId : old;
        });
        if (!advanced[0]) {
            return;
        }
        unwritten.merge(key, messageId, Math::max);
        bus.publish(new MessageEvent.DeliveredMoved(conversationId, caller.userId(), messageId, peer.getAsLong()));
    }

    @Scheduled(fixedDelayString = "PT1S")
    void flush() {
        if (unwritten.isEmpty()) {
            return;
        }
        var batch = new java.util.ArrayList<Map.Entry<Key, Long>>();
        for (Key key : unwritten.keySet()) {
            Long id = unwritten.remove(key);
            if (id != null) {
                batch.add(Map.entry(key, id));
            }
        }
        reads.advanceDelivered(batch.stream().map(e -> e.getKey().conversationId()).toArray(Long[]::new),
                batch.stream().map(e -> e.getKey().userId()).toArray(Long[]::new),
                batch.stream().map(Map.Entry::getValue).toArray(Long[]::new));
    }

    @Override
    public void destroy() {
        flush();
    }
}
