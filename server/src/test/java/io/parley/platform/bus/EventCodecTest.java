package io.parley.platform.bus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaModifier;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import io.parley.conversation.ConversationEvent;
import io.parley.friend.FriendEvent;
import io.parley.gateway.RoutedByBus;
import io.parley.message.Message;
import io.parley.message.MessageEvent;
import io.parley.platform.security.AccountStanding;
import io.parley.platform.security.AccountStatusChanged;
import io.parley.platform.security.SessionsRevoked;
import io.parley.presence.PresenceChanged;
import io.parley.presence.PresenceRetold;
import io.parley.user.PresenceVisibility;
import io.parley.user.PresenceVisibilityChanged;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Every event that may leave a node survives the trip: each {@link BusEvent} of the server that is
 * not a {@link LocalEvent}, found on the classpath, has a sample here that the codec writes and
 * reads back equal. A new event type without a sample fails this test.
 */
class EventCodecTest {
    private static final Instant AT = Instant.parse("2026-03-04T05:06:07.123456789Z");

    private static final List<BusEvent> SAMPLES = List.of(
            new MessageEvent.Sent(new Message(101, 7, 3, "client-1", Message.Kind.SYSTEM, null,
                    Map.of("event", "member-joined", "actorId", "3", "userIds", List.of("4", "5")), 9L, AT, null), 55),
            new MessageEvent.Sent(new Message(102, 7, 3, "client-2", Message.Kind.TEXT, "héllo \"you\" 🙂", null,
                    null, AT, AT.plusSeconds(60)), 0),
            new MessageEvent.Unsent(7, 101, 3, AT, null),
            new MessageEvent.ReadMoved(7, 4, 100, 101, AT),
            new MessageEvent.DeliveredMoved(7, 4, 101, 3),
            new MessageEvent.Typing(7, 3),
            new ConversationEvent.Changed(7, List.of(4L, 5L)),
            new ConversationEvent.Invited(7, 4, 3),
            new ConversationEvent.JoinRequested(7, 6, List.of(3L)),
            new FriendEvent.RequestReceived(12, 3, 4),
            new FriendEvent.FriendshipStarted(3, 4),
            new FriendEvent.FriendshipEnded(3, 4),
            new FriendEvent.Blocked(3, 4),
            new FriendEvent.Unblocked(3, 4),
            new PresenceChanged(3, true, AT),
            new PresenceChanged(3, false, null),
            new PresenceRetold(3, 4, true),
            new PresenceVisibilityChanged(3, PresenceVisibility.NOBODY),
            new AccountStatusChanged(3, new AccountStanding(AccountStanding.SUSPENDED, AT, "spam")),
            new AccountStatusChanged(3, AccountStanding.active()),
            new SessionsRevoked(3, List.of(21L, 22L)),
            new RoutedByBus(1, -1, "3:1041", List.of(4L, 5L), 21, "{\"type\":\"typing\",\"text\":\"héllo 🙂\"}"),
            new RoutedByBus(1, 2, null, List.of(4L), 0, "{}"));

    private final EventCodec codec = new EventCodec();

    @Test
    void everyEventThatMayLeaveANodeHasASample() {
        Set<Class<?>> travelling = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("io.parley").stream()
                .filter(type -> type.isAssignableTo(BusEvent.class) && !type.isAssignableTo(LocalEvent.class))
                .filter(type -> !type.isInterface() && !type.getModifiers().contains(JavaModifier.ABSTRACT))
                .map(JavaClass::reflect)
                .collect(Collectors.toSet());
        assertThat(travelling).as("event types found on the classpath").hasSizeGreaterThanOrEqualTo(17);
        assertThat(SAMPLES.stream().map(Object::getClass).collect(Collectors.toSet()))
                .as("a new event type needs a sample here (it must survive the trip between nodes)")
                .containsExactlyInAnyOrderElementsOf(travelling);
    }

    @Test
    void everySampleComesBackEqual() {
        for (BusEvent sample : SAMPLES) {
            byte[] bytes = codec.encode(sample);
            assertThat(codec.decode(bytes, accepting(sample.getClass()))).as(new String(bytes, StandardCharsets.UTF_8))
                    .contains(sample);
        }
    }

    @Test
    void aTypeNoListenerRegisteredIsNotRead() {
        byte[] bytes = codec.encode(new FriendEvent.Blocked(3, 4));
        assertThat(codec.decode(bytes, accepting(FriendEvent.Unblocked.class))).isEmpty();
        byte[] other = """
                {"type":"java.lang.ProcessBuilder","event":{"command":["true"]}}"""
                .getBytes(StandardCharsets.UTF_8);
        assertThat(codec.decode(other, accepting(FriendEvent.Blocked.class))).isEmpty();
    }

    @Test
    void fieldsOfANewerVersionAreIgnored() {
        byte[] bytes = """
                {"type":"io.parley.friend.FriendEvent$Blocked","event":{"blocker":3,"blocked":4,"reason":"new"}}"""
                .getBytes(StandardCharsets.UTF_8);
        assertThat(codec.decode(bytes, accepting(FriendEvent.Blocked.class))).contains(new FriendEvent.Blocked(3, 4));
    }

    @Test
    void whatIsNoEventIsRefused() {
        for (String garbage : List.of("", "not json", "[]", "{\"type\":1,\"event\":{}}", "{\"type\":\"x\"}",
                "{\"type\":\"io.parley.friend.FriendEvent$Blocked\",\"event\":{\"blocker\":\"three\"}}")) {
            assertThatThrownBy(() -> codec.decode(garbage.getBytes(StandardCharsets.UTF_8),
                    accepting(FriendEvent.Blocked.class)))
                    .as(garbage).isInstanceOf(IllegalArgumentException.class);
        }
    }

    private static Function<String, Optional<Class<? extends BusEvent>>> accepting(Class<? extends BusEvent> type) {
        return name -> Stream.<Class<? extends BusEvent>>of(type).filter(t -> t.getName().equals(name)).findFirst();
    }
}
