package io.parley.loadtest.coord;

import io.parley.loadtest.stats.Histograms;
import io.parley.loadtest.stats.LatencySummary;
import java.sql.Array;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * W5, the write path without the rest of the server: the server's own batch insert
 * ({@code insert ... select from unnest(arrays)}, as JdbcMessageStore.append) against the
 * server's embedded PostgreSQL, into a scratch copy of the messages table (same columns,
 * defaults and indexes), one transaction per batch with synchronous_commit on, by 1..N writers.
 */
final class WritePath {
    private static final String INSERT = """
            insert into loadtest_w5_messages (conversation_id, id, sender_id, client_message_id, kind, body, system, hidden_from, created_at)
            select * from unnest(cast(? as bigint[]), cast(? as bigint[]), cast(? as bigint[]), cast(? as text[]), cast(? as text[]),
                                 cast(? as text[]), cast(? as jsonb[]), cast(? as bigint[]), cast(? as timestamptz[]))
            on conflict (sender_id, client_message_id) do nothing
            returning id
            """;
    private final String url;

    WritePath(int postgresPort) {
        this.url = "jdbc:postgresql://127.0.0.1:" + postgresPort + "/parley?user=postgres";
    }

    /** PostgreSQL's version and durability settings, for the report. */
    List<String> settings() throws SQLException {
        List<String> out = new ArrayList<>();
        try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement()) {
            for (String q : List.of("select version()", "show synchronous_commit", "show fsync", "show wal_sync_method",
                    "show shared_buffers", "show commit_delay")) {
                try (ResultSet r = s.executeQuery(q)) {
                    r.next();
                    out.add(q.replace("select ", "").replace("show ", "") + " = " + r.getString(1));
                }
            }
        }
        return out;
    }

    List<Results.W5Row> run(List<Integer> batches, List<Integer> writers, double seconds) throws Exception {
        try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement()) {
            s.execute("drop table if exists loadtest_w5_messages");
            s.execute("create table loadtest_w5_messages (like messages including all)");
        }
        List<Results.W5Row> rows = new ArrayList<>();
        try {
            for (int w : writers) {
                for (int b : batches) {
                    Results.W5Row row = measure(b, w, seconds);
                    System.err.printf("W5 jdbc batch %d, %d writers: %.0f rows/s, %.0f commits/s, commit %s%n", b, w,
                            row.rowsPerSecond(), row.commitsPerSecond(), row.commit());
                    rows.add(row);
                }
            }
        } finally {
            try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement()) {
                s.execute("drop table if exists loadtest_w5_messages");
            }
        }
        return rows;
    }

    private Results.W5Row measure(int batch, int writers, double seconds) throws Exception {
        Recorder commits = new Recorder(1, Histograms.HIGHEST, Histograms.DIGITS);
        AtomicLong rows = new AtomicLong();
        AtomicLong ids = new AtomicLong(System.nanoTime());
        long end = System.nanoTime() + (long) (seconds * 1e9);
        List<Thread> threads = new ArrayList<>();
        List<Exception> failures = new java.util.concurrent.CopyOnWriteArrayList<>();
        long start = System.nanoTime();
        for (int t = 0; t < writers; t++) {
            threads.add(Thread.ofPlatform().start(() -> {
                try (Connection c = DriverManager.getConnection(url); PreparedStatement insert = c.prepareStatement(INSERT)) {
                    c.createStatement().execute("set synchronous_commit = on");
                    while (System.nanoTime() < end) {
                        long t0 = System.nanoTime();
                        bind(c, insert, batch, ids);
                        try (ResultSet r = insert.executeQuery()) {
                            while (r.next()) {
                                rows.incrementAndGet();
                            }
                        }
                        commits.recordValue(Math.max(1, System.nanoTime() - t0));
                    }
                } catch (Exception e) {
                    failures.add(e);
                }
            }));
        }
        for (Thread t : threads) {
            t.join();
        }
        if (!failures.isEmpty()) {
            throw failures.getFirst();
        }
        double elapsed = (System.nanoTime() - start) / 1e9;
        Histogram h = commits.getIntervalHistogram();
        try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement()) {
            s.execute("truncate loadtest_w5_messages");
        }
        return new Results.W5Row("jdbc", batch, writers, elapsed, rows.get() / elapsed, h.getTotalCount() / elapsed,
                LatencySummary.of(h));
    }

    private static void bind(Connection c, PreparedStatement insert, int n, AtomicLong ids) throws SQLException {
        Long[] conversations = new Long[n];
        Long[] messageIds = new Long[n];
        Long[] senders = new Long[n];
        String[] clientIds = new String[n];
        String[] kinds = new String[n];
        String[] bodies = new String[n];
        String[] systems = new String[n];
        Long[] hidden = new Long[n];
        String[] created = new String[n];
        String now = Instant.now().toString();
        for (int i = 0; i < n; i++) {
            long id = ids.incrementAndGet();
            conversations[i] = id % 5000;
            messageIds[i] = id;
            senders[i] = id % 10000;
            clientIds[i] = "w5-" + id;
            kinds[i] = "text";
            bodies[i] = "A benchmark message of about one hundred characters, like a typical chat line in a busy group.";
            created[i] = now;
        }
        insert.setArray(1, array(c, "bigint", conversations));
        insert.setArray(2, array(c, "bigint", messageIds));
        insert.setArray(3, array(c, "bigint", senders));
        insert.setArray(4, array(c, "text", clientIds));
        insert.setArray(5, array(c, "text", kinds));
        insert.setArray(6, array(c, "text", bodies));
        insert.setArray(7, array(c, "text", systems));
        insert.setArray(8, array(c, "bigint", hidden));
        insert.setArray(9, array(c, "text", created));
    }

    private static Array array(Connection c, String type, Object[] values) throws SQLException {
        return c.createArrayOf(type, values);
    }
}
