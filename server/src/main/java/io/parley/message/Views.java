package io.parley.message;

import io.parley.protocol.MessageView;
import java.time.Instant;
import java.util.Locale;

/** Domain types as the protocol's views: the one shape REST and WebSocket share. */
public final class Views {
    private Views() {
    }

    public static MessageView message(Message m) {
        return message(m, null, null);
    }

    public static MessageView message(Message m, Integer readBy, Instant readAt) {
        return new MessageView(Long.toString(m.id()), Long.toString(m.conversationId()), Long.toString(m.senderId()),
                m.clientMessageId(), m.kind().name().toLowerCase(Locale.ROOT), m.body(), m.system(), m.createdAt(),
                m.unsentAt(), readBy, readAt);
    }

    /** What an ack needs: where the message is stored and when; the sender has the body already. */
    public static MessageView acknowledged(Message m) {
        return new MessageView(Long.toString(m.id()), Long.toString(m.conversationId()), Long.toString(m.senderId()),
                m.clientMessageId(), m.kind().name().toLowerCase(Locale.ROOT), null, null, m.createdAt(), m.unsentAt(),
                null, null);
    }

    static String id(long id) {
        return Long.toString(id);
    }
}
