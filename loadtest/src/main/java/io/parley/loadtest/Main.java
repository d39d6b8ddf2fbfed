package io.parley.loadtest;

import io.parley.loadtest.coord.Results;
import io.parley.loadtest.coord.Suite;
import io.parley.loadtest.report.Report;
import io.parley.loadtest.worker.Worker;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code suite [--short|--full] ...}: run the benchmarks; {@code worker PLAN}: a load-generating
 * process (forked by the suite); {@code report RESULTS.json MARKDOWN}: write the report again.
 */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) throws Exception {
        String command = args.length == 0 ? "suite" : args[0];
        String[] rest = args.length == 0 ? args : Arrays.copyOfRange(args, 1, args.length);
        switch (command) {
            case "suite" -> Suite.main(rest);
            case "worker" -> Worker.main(rest);
            case "report" -> {
                Results results = JsonMapper.builder().build().readValue(Files.readString(Path.of(rest[0])), Results.class);
                Path markdown = Path.of(rest[1]).toAbsolutePath();
                Report.write(results, markdown, markdown.resolveSibling("benchmarks"));
            }
            default -> throw new IllegalArgumentException("Commands: suite, worker, report");
        }
    }
}
