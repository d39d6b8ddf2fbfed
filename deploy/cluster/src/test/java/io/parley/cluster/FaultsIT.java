package io.parley.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.parley.cluster.faults.FaultsReport;
import io.parley.cluster.faults.PhaseReport;
import io.parley.cluster.faults.Traffic;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Failures under steady sending (issue 10): three nodes behind nginx, twelve devices of six people
 * (connected through nginx, as the app, and reconnecting, syncing and retrying as it does) and 20
 * numbered messages a second into three one-to-one chats and a group. Each test does one kind of
 * damage, heals it, stops sending and proves that every acknowledged message reached every device
 * it is for (live or through sync), none twice on one socket, each stored once under the id
 * acknowledged, and that service came back by itself. What the clients went through is measured
 * and written to target/faults-report.json (and printed) for docs/design/scaling.md.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class FaultsIT {
    private static final double MESSAGES_PER_SECOND = 20;
    /** Enough to see a fault land in steady traffic, and to see it flow again after. */
    private static final int STEADY = 60;
    private static final Duration BACK_WITHIN = Duration.ofSeconds(60);
    private static final Duration SETTLE_WITHIN = Duration.ofSeconds(60);
    /** The target for a dead node's clients: back on the other nodes and synced. */
    private static final Duration RECONNECTED_WITHIN = Duration.ofSeconds(30);
    private static final Duration DATABASE_OUTAGE = Duration.ofSeconds(10);

    private static Path repo;
    private static Cluster cluster;
    private static Traffic traffic;
    private static final List<PhaseReport> reports = new ArrayList<>();

    @BeforeAll
    static void startClusterAndTraffic() throws IOException {
        repo = Path.of(System.getProperty("parley.repo", "../..")).toAbsolutePath().normalize();
        Path dir = repo.resolve("deploy/cluster/target/faults-it");
        Cluster.stop(dir);
        Cluster.deleteTree(dir);
        cluster = Cluster.start(ClusterSpec.of(repo, dir, 3).withPorts(0, 0).withNginxWorkers("1"));
        String run = "f" + Long.toString(System.currentTimeMillis() % 1_000_000_000L, 36);
        traffic = Traffic.open(cluster.url(), cluster.sslContext(), run, 6, MESSAGES_PER_SECOND);
    }

    @AfterAll
    static void report() {
        try {
            if (!reports.isEmpty()) {
                System.out.println(FaultsReport.table(reports));
                FaultsReport.write(repo.resolve("deploy/cluster/target/faults-report.json"), reports);
            }
        } finally {
            if (traffic != null) {
                traffic.close();
            }
            if (cluster != null) {
                cluster.stop();
            }
        }
    }

    @Test
    @Order(1)
    void a_killed_nodes_clients_reconnect_through_nginx_to_the_others_and_sync() {
        Traffic.Phase phase = begin("node kill -9, then started again");
        phase.faultBegins();
        cluster.node(2).kill();
        phase.faultEnds();

        assertThat(traffic.awaitCutAfter(phase.faultNanos(), Duration.ofSeconds(10)))
                .as("devices that were connected to the killed node").isPositive();
        assertThat(traffic.awaitAllReady(RECONNECTED_WITHIN)).as("every device back and synced within "
                + RECONNECTED_WITHIN.toSeconds() + " s; not: " + traffic.notReady()).isTrue();
        backToSteady(phase);
        // Back into the cluster under traffic: it takes sockets and a share of Kafka's partitions again.
        cluster.node(2).start();
        PhaseReport report = finish(phase);
        assertThat(report.reconnectedSyncedMillis()).isBetween(0L, RECONNECTED_WITHIN.toMillis());
    }

    @Test
    @Order(2)
    void a_restart_of_redis() {
        Traffic.Phase phase = begin("Redis kill -9 and start");
        phase.faultBegins();
        cluster.redis().kill();
        cluster.redis().start();
        phase.faultEnds();
        backToSteady(phase);
        finish(phase);
    }

    @Test
    @Order(3)
    void a_restart_of_kafka_pauses_live_frames_but_loses_nothing() {
        Traffic.Phase phase = begin("Kafka kill -9 and start");
        phase.faultBegins();
        cluster.kafka().kill();
        cluster.kafka().start();
        phase.faultEnds();
        backToSteady(phase);
        finish(phase);
    }

    @Test
    @Order(4)
    void ten_seconds_without_postgresql_delay_or_refuse_sends_but_lose_none() throws InterruptedException {
        Traffic.Phase phase = begin("PostgreSQL down " + DATABASE_OUTAGE.toSeconds() + " s");
        phase.faultBegins();
        cluster.postgres().stop();
        // The outage itself: this long, whatever happens meanwhile.
        Thread.sleep(DATABASE_OUTAGE.toMillis());
        cluster.postgres().start();
        phase.faultEnds();
        backToSteady(phase);
        finish(phase);
    }

    /** Checks the previous fault healed, starts a phase and waits until messages flow steadily. */
    private static Traffic.Phase begin(String fault) {
        assertThat(cluster.parts()).as("every part healthy before: " + fault).allMatch(Part::healthy);
        assertThat(traffic.awaitAllReady(BACK_WITHIN)).as("devices ready before " + fault + "; not: " + traffic.notReady())
                .isTrue();
        Traffic.Phase phase = traffic.begin(fault);
        assertThat(traffic.awaitAcked(phase, STEADY, Duration.ofSeconds(30))).as("traffic flows before " + fault).isTrue();
        return phase;
    }

    /** Service came back by itself: every sender's messages are acknowledged again, and keep coming. */
    private static void backToSteady(Traffic.Phase phase) {
        assertThat(traffic.awaitEverySenderAckedAfter(phase.healedNanos(), BACK_WITHIN))
                .as("every sender has a message acknowledged after the fault").isTrue();
        assertThat(traffic.awaitAckedAfter(phase.healedNanos(), STEADY, BACK_WITHIN)).as("steady traffic again").isTrue();
        assertThat(traffic.awaitAllReady(BACK_WITHIN)).as("every device connected and synced; not: " + traffic.notReady())
                .isTrue();
    }

    /** Ends the phase and asserts: nothing acknowledged lost, nothing doubled, service back. */
    private static PhaseReport finish(Traffic.Phase phase) {
        PhaseReport report = traffic.finish(phase, SETTLE_WITHIN);
        reports.add(report);
        System.out.println(FaultsReport.table(List.of(report)));
        // Not asserted: live frames of a conversation out of id order (report.outOfOrder()). Two nodes
        // number and commit the sends of one conversation independently, so across nodes neither
        // ids nor publication follow commit order; the app places messages by id.
        SoftAssertions softly = new SoftAssertions();
        softly.assertThat(report.rejected()).as("sends refused for good").isZero();
        softly.assertThat(report.clientsSaw().keySet()).as("messages never sent")
                .noneMatch(what -> what.startsWith("still unsent"));
        softly.assertThat(report.missing()).as("acknowledged messages that never reached a device").isEmpty();
        softly.assertThat(report.liveDuplicates()).as("message frames delivered twice on one socket").isEmpty();
        softly.assertThat(report.syncDuplicates()).as("messages returned by two syncs").isEmpty();
        softly.assertThat(report.storedDuplicates()).as("messages stored twice").isEmpty();
        softly.assertThat(report.storedMissing()).as("acknowledged messages not stored as acknowledged").isEmpty();
        softly.assertThat(report.deliveredAfterStopMillis()).as("everything delivered after sending stopped").isNotNegative();
        softly.assertThat(report.everySenderBackMillis()).as("every sender back").isNotNegative();
        softly.assertAll();
        return report;
    }
}
