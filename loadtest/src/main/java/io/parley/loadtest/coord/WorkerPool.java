package io.parley.loadtest.coord;

import io.parley.loadtest.worker.ClientSpec;
import io.parley.loadtest.worker.WorkerPlan;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/** Several workers driven together: the same command to each, then every answer. */
public final class WorkerPool implements AutoCloseable {
    private final List<WorkerProcess> workers = new ArrayList<>();

    /** A template for the workers' plans; clients are filled in per worker. */
    public record Target(String kind, String host, int port, String wsPath, String restBase, String xmppDomain,
            int heartbeatSeconds, String trustCertificate) {
    }

    /**
     * Starts {@code units.size()} ... workers: each unit (a pair, a single device) stays whole in
     * one worker, units are dealt round-robin; each worker gets its own source addresses.
     */
    public static WorkerPool start(Target target, List<List<ClientSpec>> units, int workerCount, Path jar, Path runDir,
            int bodySize, String heap) {
        List<List<ClientSpec>> perWorker = new ArrayList<>();
        for (int w = 0; w < workerCount; w++) {
            perWorker.add(new ArrayList<>());
        }
        for (int u = 0; u < units.size(); u++) {
            perWorker.get(u % workerCount).addAll(units.get(u));
        }
        WorkerPool pool = new WorkerPool();
        for (int w = 0; w < workerCount; w++) {
            List<String> sources = new ArrayList<>();
            for (int k = 0; k < 3; k++) {
                sources.add("127.0." + (w + 1) + "." + (k + 2));
            }
            WorkerPlan plan = new WorkerPlan(w, target.kind(), target.host(), target.port(), target.wsPath(), target.restBase(),
                    target.xmppDomain(), sources, 200, target.heartbeatSeconds(), bodySize, runDir.toString(), perWorker.get(w),
                    target.trustCertificate());
            pool.workers.add(new WorkerProcess(plan, jar, runDir, heap));
        }
        return pool;
    }

    public List<JsonNode> all(Map<String, Object> command, long timeoutSeconds) {
        send(command);
        return await((String) command.get("cmd"), timeoutSeconds);
    }

    public void send(Map<String, Object> command) {
        workers.forEach(w -> w.send(command));
    }

    public List<JsonNode> await(String cmd, long timeoutSeconds) {
        List<JsonNode> answers = new ArrayList<>();
        for (WorkerProcess w : workers) {
            answers.add(w.await(cmd, timeoutSeconds));
        }
        return answers;
    }

    public int size() {
        return workers.size();
    }

    public List<Long> pids() {
        return workers.stream().map(WorkerProcess::pid).toList();
    }

    @Override
    public void close() {
        workers.parallelStream().forEach(WorkerProcess::close);
    }
}
