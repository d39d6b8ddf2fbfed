package io.parley.chats;

import io.parley.conversation.ConversationEvent;
import io.parley.conversation.ConversationService;
import io.parley.message.MessageProperties;
import io.parley.platform.bus.EventBus;
import io.parley.presence.PresenceService;
import io.parley.protocol.ConversationView;
import io.parley.protocol.Delivery;
import io.parley.protocol.ServerFrame;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.springframework.stereotype.Component;

/**
 * Tells people's chat lists what happened to their conversations: a changed conversation (as each
 * person's own summary), an invitation, a request to join. Published as deliveries keyed by the
 * conversation, like the messages' frames, so they keep their order with them.
 */
@Component
class ChatFanout {
    private final EventBus bus;
    private final ConversationService conversations;
    private final ChatSummaries summaries;
    private final PresenceService presence;
    private final MessageProperties properties;

    ChatFanout(EventBus bus, ConversationService conversations, ChatSummaries summaries, PresenceService presence,
            MessageProperties properties) {
        this.bus = bus;
        this.conversations = conversations;
        this.summaries = summaries;
        this.presence = presence;
        this.properties = properties;
        bus.subscribe(ConversationEvent.Changed.class, event -> Thread.startVirtualThread(() -> changed(event)));
        bus.subscribe(ConversationEvent.Invited.class, event -> bus.publish(Delivery.of(event,
                new ServerFrame.GroupInvite(Long.toString(event.conversationId()), Long.toString(event.inviterId())),
                event.inviteeId())));
        bus.subscribe(ConversationEvent.JoinRequested.class, event -> bus.publish(Delivery.of(event,
                new ServerFrame.JoinRequest(Long.toString(event.conversationId()), Long.toString(event.userId())),
                event.managerIds())));
    }

    /**
     * Each person sees their own summary (their unread count, their role). Those whose
     * membership changed always get one; in large groups (above the read fan-out limit) the others
     * learn from the system message. Summaries are built only for those online (on any node): the
     * others sync when they return.
     */
    private void changed(ConversationEvent.Changed event) {
        Set<Long> recipients = new LinkedHashSet<>(event.affectedUserIds());
        long[] members = conversations.activeMemberIds(event.conversationId());
        if (members.length <= properties.readFanoutLimit()) {
            Arrays.stream(members).forEach(recipients::add);
        }
        Set<Long> online = presence.onlineAmong(recipients);
        for (long userId : recipients) {
            if (online.contains(userId)) {
                List<ConversationView> view = summaries.of(userId, List.of(event.conversationId()));
                view.forEach(v -> bus.publish(Delivery.of(event, new ServerFrame.ConversationChanged(v), userId)));
            }
        }
    }
}
