package io.parley.message;

import io.parley.conversation.ConversationService;
import io.parley.message.store.MessageStore;
import io.parley.platform.bus.EventBus;
import io.parley.protocol.Delivery;
import io.parley.protocol.ServerFrame;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.LongStream;
import org.springframework.stereotype.Component;

/**
 * Decides who hears what happens to messages (sent, unsent, read, delivered, typing), and
 * publishes it as deliveries: the gateway writes them to the sockets. One frame per event,
 * whatever the number of recipients. Each delivery keeps its event's routing key (the
 * conversation), so a conversation's frames reach devices in the order its events were published.
 * Changed conversations are the chats module's to tell ({@code chats.ChatFanout}).
 */
@Component
class MessageFanout {
    private final EventBus bus;
    private final ConversationService conversations;
    private final MessageStore messages;
    private final MessageProperties properties;

    MessageFanout(EventBus bus, ConversationService conversations, MessageStore messages, MessageProperties properties) {
        this.bus = bus;
        this.conversations = conversations;
        this.messages = messages;
        this.properties = properties;
        bus.subscribe(MessageEvent.Sent.class, this::sent);
        bus.subscribe(MessageEvent.Unsent.class, this::unsent);
        bus.subscribe(MessageEvent.ReadMoved.class, this::read);
        bus.subscribe(MessageEvent.DeliveredMoved.class, event -> bus.publish(Delivery.of(event,
                new ServerFrame.Delivered(Views.id(event.conversationId()), Views.id(event.userId()),
                        Views.id(event.lastDeliveredId())), event.peerId())));
        bus.subscribe(MessageEvent.Typing.class, event -> bus.publish(Delivery.of(event,
                new ServerFrame.Typing(Views.id(event.conversationId()), Views.id(event.userId())),
                without(conversations.activeMemberIds(event.conversationId()), event.userId()))));
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
        bus.publish(new Delivery(event.routingKey(), recipients, event.originDevice(),
                new ServerFrame.NewMessage(Views.message(message))));
    }

    private void unsent(MessageEvent.Unsent event) {
        long[] recipients = conversations.activeMemberIds(event.conversationId());
        if (event.hiddenFrom() != null) {
            recipients = without(recipients, event.hiddenFrom());
        }
        bus.publish(Delivery.of(event, new ServerFrame.Unsent(Views.id(event.conversationId()),
                Views.id(event.messageId()), Views.id(event.senderId()), event.unsentAt()), recipients));
    }

    /** Everyone in small conversations; in large groups the reader's devices and whose messages were read. */
    private void read(MessageEvent.ReadMoved event) {
        ServerFrame frame = new ServerFrame.Read(Views.id(event.conversationId()), Views.id(event.userId()),
                Views.id(event.lastReadId()), event.readAt());
        long[] members = conversations.activeMemberIds(event.conversationId());
        if (members.length <= properties.readFanoutLimit()) {
            bus.publish(Delivery.of(event, frame, members));
            return;
        }
        Thread.startVirtualThread(() -> {
            Set<Long> recipients = new LinkedHashSet<>(messages.sendersBetween(event.conversationId(),
                    event.previousReadId(), event.lastReadId(), 500));
            recipients.add(event.userId());
            bus.publish(Delivery.of(event, frame, recipients));
        });
    }

    private static long[] without(long[] ids, long excluded) {
        return Arrays.stream(ids).filter(id -> id != excluded).toArray();
    }
}
