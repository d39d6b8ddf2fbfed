package io.parley.cluster.faults;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.json.JsonMapper;

/** The measured figures of every fault: a table for the console, JSON for docs/design/scaling.md. */
public final class FaultsReport {
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private FaultsReport() {
    }

    public static String table(List<PhaseReport> reports) {
        StringBuilder out = new StringBuilder();
        String row = "%-34s %8s %6s %5s %9s %9s %9s %4s %10s %9s %9s %6s%n";
        out.append(String.format(row, "fault", "down ms", "acked", "dup", "1st ack", "all back", "stall ms", "cut",
                "resynced", "live gap", "all seen", "sync"));
        for (PhaseReport r : reports) {
            out.append(String.format(row, r.fault(), ms(r.faultMillis()), r.acked(), r.ackedAsDuplicate(),
                    ms(r.firstAckAfterFaultMillis()), ms(r.everySenderBackMillis()), ms(r.longestSendStallMillis()),
                    r.devicesCut(), ms(r.reconnectedSyncedMillis()), ms(r.longestLiveGapMillis()),
                    ms(r.deliveredAfterStopMillis()), r.seenOnlyThroughSync()));
        }
        out.append("""
                down ms: fault to part back; 1st ack / all back: from then to the first ack / an ack for every sender;
                stall: longest wait of one sender between acks; cut: devices whose socket closed; resynced: fault to
                every cut device connected and synced; live gap: longest time a device got no live message; all seen:
                end of sending to every acked message at every device; sync: (message, device) pairs seen only via sync.
                """);
        for (PhaseReport r : reports) {
            out.append(r.fault()).append(": clients saw ").append(r.clientsSaw().isEmpty() ? "nothing unusual" : r.clientsSaw());
            if (!r.outOfOrder().isEmpty()) {
                out.append("; live frames out of id order (not asserted): ").append(r.outOfOrder().getLast().startsWith("...")
                        ? r.outOfOrder().getLast() : r.outOfOrder().size());
            }
            for (Map.Entry<String, List<String>> problem : problems(r).entrySet()) {
                if (!problem.getValue().isEmpty()) {
                    out.append("; ").append(problem.getKey()).append(": ").append(problem.getValue());
                }
            }
            out.append(System.lineSeparator());
            r.cutDevices().forEach((device, timeline) -> out.append("  ").append(device).append(": ").append(timeline)
                    .append(System.lineSeparator()));
        }
        return out.toString();
    }

    /** What must be empty. */
    static Map<String, List<String>> problems(PhaseReport r) {
        Map<String, List<String>> problems = new LinkedHashMap<>();
        problems.put("MISSING", r.missing());
        problems.put("LIVE DUPLICATES", r.liveDuplicates());
        problems.put("SYNC DUPLICATES", r.syncDuplicates());
        problems.put("STORED TWICE", r.storedDuplicates());
        problems.put("NOT STORED AS ACKED", r.storedMissing());
        return problems;
    }

    public static void write(Path file, List<PhaseReport> reports) {
        try {
            Files.createDirectories(file.getParent());
            Files.writeString(file, JSON.writerWithDefaultPrettyPrinter().writeValueAsString(Map.of("faults", reports)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String ms(long millis) {
        return millis < 0 ? "-" : Long.toString(millis);
    }
}
