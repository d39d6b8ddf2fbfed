package io.parley.conversation;

import io.parley.conversation.ConversationEvent.Changed;
import io.parley.conversation.ConversationEvent.Happened;
import io.parley.conversation.GroupPolicy.Action;
import io.parley.conversation.GroupPolicy.Decision;
import io.parley.conversation.store.JdbcConversationStore;
import io.parley.platform.bus.BusEvent;
import io.parley.platform.bus.EventBus;
import io.parley.platform.web.ProblemException;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * How every group use case runs: the caller's role checked against {@link GroupPolicy}, the
 * change under the group's row lock, the system message ({@link Happened}) in the same
 * transaction and, once committed, a {@link Changed} on the bus.
 */
@Component
class GroupChanges {
    private final JdbcConversationStore store;
    private final ConversationService conversations;
    private final EventBus bus;
    private final ApplicationEventPublisher events;
    private final Clock clock;
    private final TransactionTemplate transactions;

    GroupChanges(JdbcConversationStore store, ConversationService conversations, EventBus bus,
            ApplicationEventPublisher events, Clock clock, TransactionTemplate transactions) {
        this.store = store;
        this.conversations = conversations;
        this.bus = bus;
        this.events = events;
        this.clock = clock;
        this.transactions = transactions;
    }

    /** The caller's active membership of a group, once the policy lets their role do this. */
    Member allowed(long me, long conversationId, Action action) {
        Conversation group = requireGroup(conversationId);
        Member member = conversations.requireActive(me, conversationId);
        require(GroupPolicy.decide(member.role(), null, action, group.joinMode()));
        return member;
    }

    /** Any conversation's active member (the member list is shown for direct conversations too). */
    Member requireActive(long me, long conversationId) {
        return conversations.requireActive(me, conversationId);
    }

    /** Turns the policy's refusal into the problem the caller sees. */
    static void require(Decision decision) {
        switch (decision) {
            case ALLOW, ASK_APPROVAL -> {
            }
            case NOT_A_MEMBER -> throw ConversationService.notAMember();
            case MANAGERS_ONLY -> throw ProblemException.forbidden("not-allowed", "Only the group's owner and admins can do that");
            case OWNER_ONLY -> throw ProblemException.forbidden("not-allowed", "Only the group's owner can do that");
            case PROTECTED_MEMBER -> throw ProblemException.forbidden("not-allowed",
                    "Only the owner removes admins, and nobody removes the owner");
            case OWNER_ROLE_FIXED -> throw ProblemException.badRequest("invalid-role", "The owner's role changes only by handing over");
        }
    }

    Conversation requireGroup(long conversationId) {
        return store.find(conversationId).filter(Conversation::isGroup).orElseThrow(ConversationService::notFound);
    }

    /** An active member the change is about; 404 {@code member-not-found} otherwise. */
    Member target(long conversationId, long userId) {
        return store.member(conversationId, userId).filter(Member::active)
                .orElseThrow(() -> ProblemException.notFound("member-not-found", "No such member"));
    }

    /** Runs a membership change under the group's row lock, recounts, and announces it after commit. */
    Conversation membership(long conversationId, List<Long> affected, Consumer<Conversation> change) {
        Conversation result = transactions.execute(status -> {
            forgetRosterOnCommit(conversationId);
            Conversation group = store.lock(conversationId).filter(Conversation::isGroup)
                    .orElseThrow(ConversationService::notFound);
            change.accept(group);
            store.recount(conversationId, clock.instant());
            return store.find(conversationId).orElseThrow();
        });
        conversations.forget(conversationId);
        bus.publish(new Changed(conversationId, affected));
        return result;
    }

    /** Runs a change of what the group looks like under its row lock, and announces it after commit. */
    Conversation settings(long conversationId, BiConsumer<Conversation, Instant> change) {
        Conversation result = transactions.execute(status -> {
            Conversation group = store.lock(conversationId).filter(Conversation::isGroup)
                    .orElseThrow(ConversationService::notFound);
            change.accept(group, clock.instant());
            return store.find(conversationId).orElseThrow();
        });
        bus.publish(new Changed(conversationId, List.of()));
        return result;
    }

    /** Runs the work in one transaction (creating a group). */
    void inTransaction(Runnable work) {
        transactions.executeWithoutResult(status -> work.run());
    }

    /**
     * Drops the cached roster as soon as the change commits, before the system message that
     * announces it is delivered (synchronizations run in the order they were registered).
     */
    void forgetRosterOnCommit(long conversationId) {
        TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
            @Override
            public void afterCommit() {
                conversations.forget(conversationId);
            }
        });
    }

    /** The system message members see, committed (or not) with the change. */
    void happened(long conversationId, long actorId, String event, List<Long> userIds, Map<String, String> details) {
        events.publishEvent(new Happened(conversationId, actorId, event, userIds, details));
    }

    /** After commit: tells the other nodes and features. */
    void publish(BusEvent event) {
        bus.publish(event);
    }

    Instant now() {
        return clock.instant();
    }
}
