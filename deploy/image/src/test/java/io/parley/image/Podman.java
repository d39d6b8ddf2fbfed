package io.parley.image;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** The podman command line, as ImageIT needs it: run, wait with a deadline, keep what it printed. */
final class Podman {
    /** Where this machine runs containers: runc with explicit limits (crun fails here, see TOOLCHAIN.md). */
    static final List<String> RUNTIME = List.of("--runtime", "runc");

    record Result(int exit, String output) {
        boolean ok() {
            return exit == 0;
        }
    }

    private Podman() {
    }

    static boolean installed() {
        try {
            return exec(List.of("podman", "--version"), Duration.ofSeconds(30)).ok();
        } catch (UncheckedIOException e) {
            return false;
        }
    }

    static Result podman(Duration timeout, String... args) {
        List<String> command = new ArrayList<>(List.of("podman"));
        command.addAll(List.of(args));
        return exec(command, timeout);
    }

    /** Fails with everything the command printed unless it exits 0. */
    static String check(Duration timeout, List<String> command) {
        Result result = exec(command, timeout);
        if (!result.ok()) {
            throw new AssertionError(String.join(" ", command) + " exited " + result.exit() + ":\n" + result.output());
        }
        return result.output();
    }

    /** Output goes to a file (never a pipe nobody drains); a command past its deadline is killed. */
    static Result exec(List<String> command, Duration timeout) {
        Path output = null;
        try {
            output = Files.createTempFile("podman", ".out");
            Process process = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(output.toFile()).start();
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly();
                throw new AssertionError(String.join(" ", command) + " took longer than " + timeout + ":\n"
                        + Files.readString(output));
            }
            return new Result(process.exitValue(), Files.readString(output));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } finally {
            if (output != null) {
                try {
                    Files.deleteIfExists(output);
                } catch (IOException ignored) {
                    // a temporary file: the OS cleans up
                }
            }
        }
    }
}
