package io.parley.conversation;

import io.parley.platform.bus.BusEvent;
import java.util.List;
import java.util.Map;

/** What happens to conversations, for the features that react (caches, live updates, system messages). */
public sealed interface ConversationEvent {

    /**
     * Published inside the transaction that made the change, so the system message that tells
     * members ("Ana joined") commits, or not, together with the change itself.
     *
     * @param event   group-created, member-joined, member-left, member-removed, role-changed,
     *                owner-changed, group-renamed
     * @param details event-specific values ({@code role}, {@code name})
     */
    record Happened(long conversationId, long actorId, String event, List<Long> userIds, Map<String, String> details)
            implements ConversationEvent {
    }

    /**
     * After commit, on the bus: who is in the conversation or what it looks like changed.
     * {@code affectedUserIds} are the people whose own membership changed (joined, left,
     * removed, role), who must be told even if they are no longer members.
     */
    record Changed(long conversationId, List<Long> affectedUserIds) implements ConversationEvent, BusEvent {
        @Override
        public long routingKey() {
            return conversationId;
        }
    }

    /** After commit, on the bus: someone was invited to a group. */
    record Invited(long conversationId, long inviteeId, long inviterId) implements ConversationEvent, BusEvent {
        @Override
        public long routingKey() {
            return conversationId;
        }
    }

    /** After commit, on the bus: someone asks to join a group that wants approval. */
    record JoinRequested(long conversationId, long userId, List<Long> managerIds) implements ConversationEvent, BusEvent {
        @Override
        public long routingKey() {
            return conversationId;
        }
    }
}
