package io.parley.conversation;

import java.time.Instant;

/** An invitation to a group, waiting for the invitee's answer. */
public record Invite(long conversationId, long inviteeId, long inviterId, Instant createdAt) {
}
