package io.parley.message;

import io.parley.conversation.ConversationEvent;
import io.parley.conversation.ConversationService;
import io.parley.gateway.SessionHub;
import io.parley.gateway.protocol.ConversationView;
import io.parley.gateway.protocol.ServerFrame;
import io.parley.message.store.MessageStore;
import io.parley.platform.bus.EventBus;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.LongStream;
import org.springframework.stereotype.Component;

/**
 * Delivers what happens in conversations to the sockets on this node. Every node runs this for
 * every event; each reaches the devices it holds. Each frame is encoded once for all recipients.
 */
@Component
class MessageFanout {
    private final SessionHub hub;
    private final ConversationService conversations;
    private final ChatSummaries summaries;
    private final MessageStore messages;
    private final MessageProperties properties;

    MessageFanout(SessionHub hub, ConversationService conversations, ChatSummaries summaries, MessageStore messages,
            MessageProperties properties, EventBus bus) {
        this.hub = hub;
        this.conversations = conversations;
        this.summaries = summaries;
        this.messages = messages;
        this.properties = properties;
        bus.subscribe(MessageEvent.Sent.class, this::sent);
        bus.subscribe(MessageEvent.Unsent.class, this::unsent);
        bus.subscribe(MessageEvent.ReadMoved.class, this::read);
        bus.subscribe(MessageEvent.DeliveredMoved.class, event -> hub.deliver(event.peerId(),
                new ServerFrame.Delivered(Views.id(event.conversationId()), Views.id(event.userId()),
                        Views.id(event.lastDeliveredId()))));
        bus.subscribe(MessageEvent.Typing.class, event -> hub.deliver(
                without(conversations.activeMemberIds(event.conversationId()), event.userId()),
                new ServerFrame.Typing(Views.id(event.conversationId()), Views.id(event.userId())), 0));
        bus.subscribe(ConversationEvent.Changed.class, event -> Thread.startVirtualThread(() -> changed(event)));
        bus.subscribe(ConversationEvent.Invited.class, event -> hub.deliver(event.inviteeId(),
                new ServerFrame.GroupInvite(Views.id(event.conversationId()), Views.id(event.inviterId()))));
        bus.subscribe(ConversationEvent.JoinRequested.class, event -> hub.deliver(event.managerIds(),
                new ServerFrame.JoinRequest(Views.id(event.conversationId()), Views.id(event.userId()))));
    }

    private void sent(MessageEvent.Sent event) {
        Message message = event.message();
        long[] recipients = conversations.activeMemberIds(message.conversationId());
        if (message.system() != null && message.system().get("userIds") instanceof List<?> named) {
            // Whoever the event is about hears of it too: the one who just joined, left or was removed.
            recipients = LongStream.concat(Arrays.stream(recipients),
                    named.stream().mapToLong(id -> Long.parseLong(String.valueOf(id)))).distinct().toArray();
        }
        if (message.hiddenFrom() != null) {
            recipients = without(recipients, message.hiddenFrom());
        }
        hub.deliver(recipients, new ServerFrame.NewMessage(Views.message(message)), event.originDevice());
    }

    private void unsent(MessageEvent.Unsent event) {
        long[] recipients = conversations.activeMemberIds(event.conversationId());
        if (event.hiddenFrom() != null) {
            recipients = without(recipients, event.hiddenFrom());
        }
        hub.deliver(recipients, new ServerFrame.Unsent(Views.id(event.conversationId()), Views.id(event.messageId()),
                Views.id(event.senderId()), event.unsentAt()), 0);
    }

    /** Everyone in small conversations; in large groups the reader's devices and whose messages were read. */
    private void read(MessageEvent.ReadMoved event) {
        ServerFrame frame = new ServerFrame.Read(Views.id(event.conversationId()), Views.id(event.userId()),
                Views.id(event.lastReadId()), event.readAt());
        long[] members = conversations.activeMemberIds(event.conversationId());
        if (members.length <= properties.readFanoutLimit()) {
            hub.deliver(members, frame, 0);
            return;
        }
        Thread.startVirtualThread(() -> {
            Set<Long> recipients = new LinkedHashSet<>(messages.sendersBetween(event.conversationId(),
                    event.previousReadId(), event.lastReadId(), 500));
            recipients.add(event.userId());
            hub.deliver(recipients, frame);
        });
    }

    /**
     * Each person sees their own summary (their unread count, their role). Those whose
     * membership changed always get one; in large groups the others learn from the system message.
     */
    private void changed(ConversationEvent.Changed event) {
        Set<Long> recipients = new LinkedHashSet<>(event.affectedUserIds());
        long[] members = conversations.activeMemberIds(event.conversationId());
        if (members.length <= properties.readFanoutLimit()) {
            Arrays.stream(members).forEach(recipients::add);
        }
        for (long userId : recipients) {
            if (hub.isConnectedHere(userId)) {
                List<ConversationView> view = summaries.of(userId, List.of(event.conversationId()));
                view.forEach(v -> hub.deliver(userId, new ServerFrame.ConversationChanged(v)));
            }
        }
    }

    private static long[] without(long[] ids, long excluded) {
        return Arrays.stream(ids).filter(id -> id != excluded).toArray();
    }
}
