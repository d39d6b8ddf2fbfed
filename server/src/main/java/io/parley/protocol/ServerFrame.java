package io.parley.protocol;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import io.swagger.v3.oas.annotations.media.Schema;
import java.time.Instant;
import org.jspecify.annotations.Nullable;

/** A frame the server sends; docs/protocol.md describes each. */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
@JsonSubTypes({
    @JsonSubTypes.Type(value = ServerFrame.Hello.class, name = "hello"),
    @JsonSubTypes.Type(value = ServerFrame.Ack.class, name = "ack"),
    @JsonSubTypes.Type(value = ServerFrame.Ok.class, name = "ok"),
    @JsonSubTypes.Type(value = ServerFrame.Error.class, name = "error"),
    @JsonSubTypes.Type(value = ServerFrame.NewMessage.class, name = "message"),
    @JsonSubTypes.Type(value = ServerFrame.Unsent.class, name = "unsent"),
    @JsonSubTypes.Type(value = ServerFrame.Read.class, name = "read"),
    @JsonSubTypes.Type(value = ServerFrame.Delivered.class, name = "delivered"),
    @JsonSubTypes.Type(value = ServerFrame.Typing.class, name = "typing"),
    @JsonSubTypes.Type(value = ServerFrame.Presence.class, name = "presence"),
    @JsonSubTypes.Type(value = ServerFrame.ConversationChanged.class, name = "conversation"),
    @JsonSubTypes.Type(value = ServerFrame.Friend.class, name = "friend"),
    @JsonSubTypes.Type(value = ServerFrame.GroupInvite.class, name = "group-invite"),
    @JsonSubTypes.Type(value = ServerFrame.JoinRequest.class, name = "join-request"),
    @JsonSubTypes.Type(value = ServerFrame.Pong.class, name = "pong"),
})
public sealed interface ServerFrame {

    record Hello(String userId, String sessionId, Instant serverTime, int heartbeatSeconds, int idleTimeoutSeconds,
            int maxFrameBytes) implements ServerFrame {
    }

    record Ack(String id, boolean duplicate, MessageView message) implements ServerFrame {
    }

    record Ok(String id) implements ServerFrame {
    }

    record Error(@Nullable String id, String code, String message) implements ServerFrame {
    }

    record NewMessage(MessageView message) implements ServerFrame {
    }

    record Unsent(String conversationId, String messageId, String senderId, Instant unsentAt) implements ServerFrame {
    }

    record Read(String conversationId, String userId, String lastReadId, @Nullable Instant readAt) implements ServerFrame {
    }

    record Delivered(String conversationId, String userId, String lastDeliveredId) implements ServerFrame {
    }

    record Typing(String conversationId, String userId) implements ServerFrame {
    }

    /** {@code hidden}: the friend does not share it with you (now); show neither online nor last seen. */
    record Presence(String userId, boolean online, @Nullable Instant lastSeenAt, boolean hidden) implements ServerFrame {
    }

    record ConversationChanged(ConversationView conversation) implements ServerFrame {
    }

    /** {@code event}: request-received, friendship-started, friendship-ended. */
    record Friend(
            @Schema(allowableValues = {"request-received", "friendship-started", "friendship-ended"}) String event, String userId, @Nullable String requestId) implements ServerFrame {
    }

    record GroupInvite(String conversationId, String inviterId) implements ServerFrame {
    }

    record JoinRequest(String conversationId, String userId) implements ServerFrame {
    }

    record Pong(@Nullable String id, Instant serverTime) implements ServerFrame {
    }
}
