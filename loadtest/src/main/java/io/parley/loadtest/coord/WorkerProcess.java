package io.parley.loadtest.coord;

import io.parley.loadtest.worker.WorkerPlan;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A forked worker JVM: its plan is a file in the run directory, commands go to its standard
 * input and answers ({@code @}-lines) come back on its standard output; its log is a file.
 */
public final class WorkerProcess implements AutoCloseable {
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private final Process process;
    private final Writer commands;
    private final BlockingQueue<JsonNode> answers = new LinkedBlockingQueue<>();
    private final int index;

    public WorkerProcess(WorkerPlan plan, Path jar, Path runDir, String heap) {
        this.index = plan.worker();
        try {
            Path planFile = runDir.resolve("worker" + plan.worker() + "-plan.json");
            Files.writeString(planFile, JSON.writeValueAsString(plan));
            List<String> command = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElse("java"),
                    "-Xms" + heap, "-Xmx" + heap, "-XX:+UseSerialGC", "-Xss512k",
                    "-Dio.netty.allocator.numDirectArenas=1", "-Dio.netty.allocator.numHeapArenas=1",
                    "-Dio.netty.leakDetection.level=disabled", "-Djdk.httpclient.keepalive.timeout=60",
                    "-cp", jar.toString(), "io.parley.loadtest.worker.Worker", planFile.toString()));
            process = new ProcessBuilder(command)
                    .redirectError(ProcessBuilder.Redirect.appendTo(runDir.resolve("worker" + plan.worker() + ".log").toFile()))
                    .start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        commands = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
        Thread.ofPlatform().daemon().name("worker-" + index + "-out").start(() -> {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = in.readLine()) != null) {
                    if (line.startsWith("@")) {
                        answers.add(JSON.readTree(line.substring(1)));
                    }
                }
            } catch (IOException e) {
                // the worker is gone
            }
        });
    }

    public void send(Map<String, Object> command) {
        try {
            commands.write(JSON.writeValueAsString(command) + "\n");
            commands.flush();
        } catch (IOException e) {
            throw new UncheckedIOException("Worker " + index + " is gone", e);
        }
    }

    private final List<JsonNode> stash = new ArrayList<>();

    /** The next answer to command {@code cmd} (answers to other commands wait their turn). */
    public JsonNode await(String cmd, long timeoutSeconds) {
        for (JsonNode stashed : stash) {
            if (stashed.path("cmd").asString().equals(cmd)) {
                stash.remove(stashed);
                return checked(stashed);
            }
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(timeoutSeconds);
        try {
            while (true) {
                JsonNode answer = answers.poll(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                if (answer == null) {
                    throw new IllegalStateException("Worker " + index + " did not answer " + cmd + " within " + timeoutSeconds
                            + " s" + (process.isAlive() ? "" : " (it exited with " + process.exitValue() + ")"));
                }
                if (answer.path("cmd").asString().equals(cmd)) {
                    return checked(answer);
                }
                stash.add(answer);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private JsonNode checked(JsonNode answer) {
        if (answer.has("error")) {
            throw new IllegalStateException("Worker " + index + ": " + answer.path("error").asString());
        }
        return answer;
    }

    public long pid() {
        return process.pid();
    }

    @Override
    public void close() {
        if (process.isAlive()) {
            try {
                send(Map.of("cmd", "quit"));
                process.waitFor(20, TimeUnit.SECONDS);
            } catch (RuntimeException | InterruptedException e) {
                // fall through to the kill
            }
            process.destroyForcibly();
        }
    }
}
