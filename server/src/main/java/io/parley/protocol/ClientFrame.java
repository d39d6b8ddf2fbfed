package io.parley.protocol;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import org.jspecify.annotations.Nullable;

/** A frame a client sends. Ids travel as strings (64-bit numbers do not fit JavaScript numbers). */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
@JsonSubTypes({
    @JsonSubTypes.Type(value = ClientFrame.Send.class, name = "send"),
    @JsonSubTypes.Type(value = ClientFrame.Read.class, name = "read"),
    @JsonSubTypes.Type(value = ClientFrame.Received.class, name = "received"),
    @JsonSubTypes.Type(value = ClientFrame.Unsend.class, name = "unsend"),
    @JsonSubTypes.Type(value = ClientFrame.Typing.class, name = "typing"),
    @JsonSubTypes.Type(value = ClientFrame.Ping.class, name = "ping"),
    @JsonSubTypes.Type(value = ClientFrame.Auth.class, name = "auth"),
})
public sealed interface ClientFrame {

    /** The client's correlation id, echoed in the answer; null for frames without one. */
    default @Nullable String id() {
        return null;
    }

    record Send(String id, String conversationId, String clientMessageId, String body, @Nullable String kind) implements ClientFrame {
    }

    record Read(String id, String conversationId, String messageId) implements ClientFrame {
    }

    record Received(String conversationId, String messageId) implements ClientFrame {
    }

    record Unsend(String id, String conversationId, String messageId) implements ClientFrame {
    }

    record Typing(String conversationId) implements ClientFrame {
    }

    record Ping(@Nullable String id) implements ClientFrame {
    }

    record Auth(String id, String token) implements ClientFrame {
    }
}
