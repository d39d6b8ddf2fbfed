package io.parley.protocol;

import io.swagger.v3.oas.annotations.media.Schema;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * A message as clients see it, over REST and WebSocket alike. An unsent message has no
 * {@code body} but {@code unsentAt}; a system message has {@code system} instead of a body.
 * {@code readBy} (groups) and {@code readAt} (one-to-one) appear on the caller's own messages
 * in history.
 */
public record MessageView(String id, String conversationId, String senderId, @Nullable String clientMessageId,
        @Schema(allowableValues = {"text", "system"}) String kind, @Nullable String body,
        @Schema(implementation = SystemEvent.class) @Nullable Map<String, Object> system, Instant createdAt,
        @Nullable Instant unsentAt, @Nullable Integer readBy, @Nullable Instant readAt) {

    /**
     * The shape of {@code system} (written by message.SystemMessages from a conversation event),
     * for the OpenAPI document: {@code name} comes with group-created and group-renamed,
     * {@code role} with role-changed, {@code via} (group-id, invitation, approval) with member-joined.
     */
    @Schema(name = "SystemEvent")
    public record SystemEvent(
            @Schema(allowableValues = {"group-created", "group-renamed", "group-photo-changed", "group-photo-removed",
                    "member-joined", "member-left", "member-removed", "role-changed", "owner-changed"}) String event,
            String actorId, List<String> userIds, @Nullable String name,
            @Schema(allowableValues = {"admin", "member"}) @Nullable String role,
            @Schema(allowableValues = {"group-id", "invitation", "approval"}) @Nullable String via) {
    }
}
