package io.parley.loadtest.coord;

import io.parley.loadtest.server.ProcessStats;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordingFile;

/**
 * JFR on the server during the heaviest step of a workload (jcmd JFR.start / JFR.stop), then a
 * summary of its execution samples: the hottest methods by self time, and the io.parley
 * methods on the most stacks (inclusive), which point at the code to change.
 */
final class Profiler {
    private final Path runDir;
    private final Results results;

    Profiler(Path runDir, Results results) {
        this.runDir = runDir;
        this.results = results;
    }

    void start(long pid, String name) {
        // JDK 25's CPU-time sampler (JEP 509) also sees time in native code and the kernel (socket
        // writes), which the classic execution sampler misses; older JDKs ignore the setting.
        ProcessStats.jcmd(pid, "JFR.start", "name=" + name, "settings=profile", "jdk.CPUTimeSample#enabled=true",
                "jdk.CPUTimeSample#throttle=2ms", "filename=" + runDir.resolve("profile-" + name + ".jfr"));
    }

    /** Stops a recording and keeps its summary, replacing an earlier one of the same workload (the heavier step wins). */
    void stop(long pid, String name, String workload) {
        ProcessStats.jcmd(pid, "JFR.stop", "name=" + name);
        Path file = runDir.resolve("profile-" + name + ".jfr");
        try {
            results.profiles.removeIf(p -> p.scenario().startsWith(workload));
            results.profiles.add(summarize(name, file));
        } catch (IOException e) {
            System.err.println("Cannot read " + file + ": " + e.getMessage());
        }
    }

    static Results.Profile summarize(String name, Path file) throws IOException {
        Map<String, Integer> self = new HashMap<>();
        Map<String, Integer> inclusive = new HashMap<>();
        long samples = 0;
        String wanted = hasCpuTimeSamples(file) ? "jdk.CPUTimeSample" : "jdk.ExecutionSample";
        try (RecordingFile recording = new RecordingFile(file)) {
            while (recording.hasMoreEvents()) {
                RecordedEvent event = recording.readEvent();
                String type = event.getEventType().getName();
                if (!type.equals(wanted) || event.getStackTrace() == null) {
                    continue;
                }
                samples++;
                List<RecordedFrame> frames = event.getStackTrace().getFrames();
                if (frames.isEmpty()) {
                    continue;
                }
                self.merge(method(frames.getFirst()), 1, Integer::sum);
                Set<String> seen = new HashSet<>();
                for (RecordedFrame frame : frames) {
                    String m = method(frame);
                    if ((m.startsWith("io.parley.") || m.startsWith("org.apache.tomcat.websocket.")
                            || m.startsWith("sun.nio.ch.SocketDispatcher") || m.startsWith("tools.jackson.databind.ObjectMapper")
                            || m.startsWith("org.postgresql.jdbc.PgPreparedStatement.execute")) && seen.add(m)) {
                        inclusive.merge(m, 1, Integer::sum);
                    }
                }
            }
        }
        return new Results.Profile(name + " (" + wanted + ")", file.getFileName().toString(), samples, top(self, samples, 20),
                top(inclusive, samples, 25));
    }

    private static boolean hasCpuTimeSamples(Path file) throws IOException {
        try (RecordingFile recording = new RecordingFile(file)) {
            while (recording.hasMoreEvents()) {
                if (recording.readEvent().getEventType().getName().equals("jdk.CPUTimeSample")) {
                    return true;
                }
            }
        }
        return false;
    }

    private static String method(RecordedFrame frame) {
        return frame.getMethod().getType().getName() + "." + frame.getMethod().getName();
    }

    private static List<String> top(Map<String, Integer> counts, long total, int limit) {
        List<Map.Entry<String, Integer>> entries = new ArrayList<>(counts.entrySet());
        entries.sort((a, b) -> b.getValue() - a.getValue());
        List<String> out = new ArrayList<>();
        for (Map.Entry<String, Integer> e : entries.subList(0, Math.min(limit, entries.size()))) {
            out.add(String.format("%.1f%%\t%d\t%s", 100.0 * e.getValue() / Math.max(1, total), e.getValue(), e.getKey()));
        }
        return out;
    }
}
