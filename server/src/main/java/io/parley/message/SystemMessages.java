package io.parley.message;

import io.parley.conversation.ConversationEvent;
import io.parley.message.store.MessageStore;
import io.parley.platform.bus.EventBus;
import io.parley.platform.id.IdGenerator;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Turns what happens in a conversation into a system message ("Ana joined"), written in the
 * transaction of the change itself and delivered like any message once it commits.
 */
@Component
class SystemMessages {
    private final MessageStore messages;
    private final EventBus bus;
    private final IdGenerator ids;
    private final Clock clock;

    SystemMessages(MessageStore messages, EventBus bus, IdGenerator ids, Clock clock) {
        this.messages = messages;
        this.bus = bus;
        this.ids = ids;
        this.clock = clock;
    }

    @EventListener
    void on(ConversationEvent.Happened event) {
        long id = ids.next();
        Map<String, Object> system = new LinkedHashMap<>();
        system.put("event", event.event());
        system.put("actorId", Long.toString(event.actorId()));
        system.put("userIds", event.userIds().stream().map(String::valueOf).toList());
        system.putAll(event.details());
        Message message = new Message(id, event.conversationId(), event.actorId(), "system-" + id, Message.Kind.SYSTEM,
                null, system, null, clock.instant(), null);
        messages.append(java.util.List.of(message));
        TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
            @Override
            public void afterCommit() {
                bus.publish(new MessageEvent.Sent(message, 0));
            }
        });
    }
}
