package io.parley.message;

import io.parley.platform.security.Caller;
import org.springframework.stereotype.Component;

/** The signals that are not messages: delivery receipts and typing. */
@Component
public class Realtime {
    private final DeliveryReceipts receipts;
    private final TypingRelay typing;

    Realtime(DeliveryReceipts receipts, TypingRelay typing) {
        this.receipts = receipts;
        this.typing = typing;
    }

    /** A device has everything up to {@code messageId} (1:1 conversations; ignored in groups). */
    public void received(Caller caller, long conversationId, long messageId) {
        receipts.received(caller, conversationId, messageId);
    }

    public void typing(long userId, long conversationId) {
        typing.typing(userId, conversationId);
    }
}
