package io.parley.message;

import io.parley.platform.bus.BusEvent;
import java.time.Instant;

/** What happens to messages, on the bus: every node delivers to the sockets it holds. */
public sealed interface MessageEvent extends BusEvent {
    long conversationId();

    @Override
    default long routingKey() {
        return conversationId();
    }

    /** Committed. {@code originDevice}: the device session that sent it (it has the ack). */
    record Sent(Message message, long originDevice) implements MessageEvent {
        @Override
        public long conversationId() {
            return message.conversationId();
        }
    }

    record Unsent(long conversationId, long messageId, long senderId, Instant unsentAt, Long hiddenFrom)
            implements MessageEvent {
    }

    /** A read cursor moved from {@code previousReadId} to {@code lastReadId}. */
    record ReadMoved(long conversationId, long userId, long previousReadId, long lastReadId, Instant readAt)
            implements MessageEvent {
    }

    /** In a direct conversation: {@code userId}'s devices have everything up to {@code lastDeliveredId}. */
    record DeliveredMoved(long conversationId, long userId, long lastDeliveredId, long peerId) implements MessageEvent {
    }

    record Typing(long conversationId, long userId) implements MessageEvent {
    }
}
