package io.parley.message;

import io.parley.message.store.JdbcReadStore;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Sending a message means having read everything before it, so the sender's read cursor moves
 * to it. That move is bookkeeping for unread badges on the sender's other devices, not part of
 * the message: it is written outside the send's commit, for all senders at once, four times a
 * second. A crash can lose a quarter second of such moves, never a message.
 */
@Component
class SenderCursors implements DisposableBean {
    private record Key(long conversationId, long userId) {
    }

    private final JdbcReadStore reads;
    private final Clock clock;
    private final Map<Key, Long> unwritten = new ConcurrentHashMap<>();

    SenderCursors(JdbcReadStore reads, Clock clock) {
        this.reads = reads;
        this.clock = clock;
    }

    void sent(Message message) {
        unwritten.merge(new Key(message.conversationId(), message.senderId()), message.id(), Math::max);
    }

    @Scheduled(fixedDelayString = "PT0.25S")
    void flush() {
        if (unwritten.isEmpty()) {
            return;
        }
        List<Key> keys = new ArrayList<>();
        List<Long> ids = new ArrayList<>();
        for (Key key : unwritten.keySet()) {
            Long id = unwritten.remove(key);
            if (id != null) {
                keys.add(key);
                ids.add(id);
            }
        }
        reads.advanceToOwnMessages(keys.stream().map(Key::conversationId).toArray(Long[]::new),
                keys.stream().map(Key::userId).toArray(Long[]::new), ids.toArray(Long[]::new), clock.instant());
    }

    @Override
    public void destroy() {
        flush();
    }
}
