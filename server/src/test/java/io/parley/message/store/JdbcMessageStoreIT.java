package io.parley.message.store;

import io.parley.support.Eventually;
import static org.assertj.core.api.Assertions.assertThat;

import io.parley.message.Message;
import io.parley.message.MessageReads;
import io.parley.support.TestPostgres;
import java.time.Duration;
import java.util.List;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.postgresql.ds.PGSimpleDataSource;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.json.JsonMapper;

/**
 * The message store contract on the real PostgreSQL (a database of its own, migrated by Flyway),
 * and what only PostgreSQL offers: the sync cursor over xid8 transaction ids.
 */
class JdbcMessageStoreIT extends MessageStoreContract {
    private static DataSource dataSource;

    private static synchronized DataSource dataSource() {
        if (dataSource == null) {
            PGSimpleDataSource source = new PGSimpleDataSource();
            source.setURL(TestPostgres.url("parley_message_store"));
            source.setUser("postgres");
            Flyway.configure().dataSource(source).locations("classpath:db/migration").load().migrate();
            dataSource = source;
        }
        return dataSource;
    }

    @Override
    protected MessageStore newStore() {
        return new JdbcMessageStore(JdbcClient.create(dataSource()), JsonMapper.builder().build());
    }

    /** The changes since {@code from}, once the floor has passed them (other tests' transactions may hold it back). */
    private List<MessageReads.Change> changesSince(long viewer, List<MessageReads.Window> windows, String from,
            int expected) {
        return Eventually.until(() -> store.changes(viewer, windows, from, store.snapshotFloor(), "0", 0, 0, 100),
                changes -> changes.size() >= expected, Duration.ofSeconds(10));
    }

    @Test
    void theSyncCursorIsATransactionIdThatOnlyMovesForward() {
        String before = store.snapshotFloor();
        store.append(List.of(text(1, ana, "hello")));
        assertThat(Long.parseUnsignedLong(store.snapshotFloor())).isGreaterThanOrEqualTo(Long.parseUnsignedLong(before));
    }

    @Test
    void changesSinceAFloorHoldWhatWasSentAndUnsentSinceInThatOrder() {
        List<MessageReads.Window> windows = List.of(new MessageReads.Window(chat, 0, 0));
        String from = store.snapshotFloor();
        store.append(List.of(text(1, ana, "one"), text(2, ben, "two")));
        store.unsend(chat, 1, text(1, ana, "").createdAt().plusSeconds(5));
        List<MessageReads.Change> changes = changesSince(cy, windows, from, 2);
        assertThat(changes).extracting(c -> c.message().id()).containsExactly(2L, 1L);
        assertThat(changes.get(1).message().unsent()).isTrue();
        assertThat(Long.parseUnsignedLong(changes.get(0).txid())).isLessThan(Long.parseUnsignedLong(changes.get(1).txid()));
    }

    @Test
    void changesLeaveOutWhatTheViewerMayNotSee() {
        String from = store.snapshotFloor();
        Message hidden = hiddenFrom(text(3, ana, "hidden"), ben);
        store.append(List.of(text(1, ana, "before"), text(2, ana, "visible"), hidden));
        List<MessageReads.Window> windows = List.of(new MessageReads.Window(chat, 2, 0));
        assertThat(changesSince(ana, windows, from, 2)).extracting(c -> c.message().id()).containsExactly(2L, 3L);
        assertThat(changesSince(ben, windows, from, 1)).extracting(c -> c.message().id()).containsExactly(2L);
    }

    @Test
    void changesArePagedByTheirPosition() {
        String from = store.snapshotFloor();
        store.append(List.of(text(1, ana, "one"), text(2, ana, "two"), text(3, ana, "three")));
        List<MessageReads.Window> windows = List.of(new MessageReads.Window(chat, 0, 0));
        List<MessageReads.Change> all = changesSince(ben, windows, from, 3);
        MessageReads.Change first = all.getFirst();
        String to = store.snapshotFloor();
        List<MessageReads.Change> rest = store.changes(ben, windows, from, to, first.txid(), chat, first.message().id(), 100);
        assertThat(rest).extracting(c -> c.message().id()).containsExactly(2L, 3L);
        assertThat(store.changes(ben, windows, to, store.snapshotFloor(), "0", 0, 0, 100)).isEmpty();
    }
}
