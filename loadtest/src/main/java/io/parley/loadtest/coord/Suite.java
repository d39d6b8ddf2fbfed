package io.parley.loadtest.coord;

import io.parley.loadtest.report.Report;
import io.parley.loadtest.rest.ParleyApi;
import io.parley.loadtest.server.EjabberdServer;
import io.parley.loadtest.server.ParleyServer;
import io.parley.loadtest.server.ProcessStats;
import io.parley.loadtest.setup.Fixtures;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * The whole benchmark: Parley on one node first (W5, W1, W2, W3, W4), then Parley on three nodes
 * behind nginx (W1, W2, W3 and a node killed: FAILOVER), then ejabberd (W1, W2, W3), one server
 * at a time, each started and stopped here; then results.json and docs/benchmarks.md.
 */
public final class Suite {
    static final JsonMapper JSON = JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();

    record Options(String mode, Path runDir, Path cacheDir, Path serverJar, Path loadtestJar, Path ejabberdScript, Path report,
            Set<String> only, Set<String> targets, boolean profile, List<String> serverFlags, Path repo, String nginxWorkers) {
        static Options parse(String[] args) {
            String mode = "short";
            Path runDir = null;
            Path cacheDir = Path.of("/tmp/parley-bench");
            Path home = Path.of(System.getProperty("loadtest.home", "loadtest")).toAbsolutePath();
            Path serverJar = home.resolveSibling("server/target/parley-server.jar");
            Path report = home.resolveSibling("docs/benchmarks.md");
            Set<String> only = new HashSet<>(List.of("W1", "W2", "W3", "W4", "W5", "FAILOVER"));
            Set<String> targets = new HashSet<>(List.of("parley", ClusterBench.NAME, "ejabberd"));
            boolean profile = true;
            List<String> serverFlags = new ArrayList<>();
            String nginxWorkers = null;
            for (int i = 0; i < args.length; i++) {
                switch (args[i]) {
                    case "--short" -> mode = "short";
                    case "--full" -> mode = "full";
                    case "--run-dir" -> runDir = Path.of(args[++i]);
                    case "--cache-dir" -> cacheDir = Path.of(args[++i]);
                    case "--server-jar" -> serverJar = Path.of(args[++i]);
                    case "--report" -> report = Path.of(args[++i]);
                    case "--only" -> only = new HashSet<>(Arrays.asList(args[++i].toUpperCase().split(",")));
                    case "--targets" -> targets = new HashSet<>(Arrays.asList(args[++i].toLowerCase().split(",")));
                    case "--no-profile" -> profile = false;
                    case "--server-flag" -> serverFlags.add(args[++i]);
                    case "--nginx-workers" -> nginxWorkers = args[++i];
                    default -> throw new IllegalArgumentException("Unknown option " + args[i]);
                }
            }
            if (runDir == null) {
                runDir = home.resolve("results").resolve(mode + "-" + Instant.now().truncatedTo(ChronoUnit.SECONDS).toString()
                        .replace(":", ""));
            }
            Path jar = home.resolve("target/parley-loadtest.jar");
            return new Options(mode, runDir.toAbsolutePath(), cacheDir.toAbsolutePath(), serverJar, jar, home.resolve("ejabberd.sh"),
                    report.toAbsolutePath(), only, targets, profile, serverFlags, home.getParent(), nginxWorkers);
        }
    }

    public static void main(String[] args) throws Exception {
        Options o = Options.parse(args);
        Files.createDirectories(o.runDir());
        Files.createDirectories(o.cacheDir());
        Sizes sizes = Sizes.of(o.mode());
        Results results = new Results();
        results.mode = o.mode();
        results.startedAt = Instant.now().truncatedTo(ChronoUnit.SECONDS).toString();
        machine(results);
        results.commands.add("loadtest/run-benchmarks.sh " + String.join(" ", args));
        Profiler profiler = o.profile() ? new Profiler(o.runDir(), results) : null;
        Scenarios scenarios = new Scenarios(o.loadtestJar(), o.runDir(), sizes, results, profiler);
        long t0 = System.nanoTime();
        try {
            if (o.targets().contains("parley")) {
                long began = System.nanoTime();
                runParley(o, sizes, results, scenarios);
                results.notes.add(String.format("Parley on one node took %.1f minutes.", (System.nanoTime() - began) / 6e10));
            }
            if (o.targets().contains(ClusterBench.NAME)) {
                ClusterRun.run(o, sizes, results, scenarios);
            }
            if (o.targets().contains("ejabberd") && (o.only().contains("W1") || o.only().contains("W2") || o.only().contains("W3"))) {
                long began = System.nanoTime();
                runEjabberd(o, sizes, results, scenarios);
                results.notes.add(String.format("ejabberd took %.1f minutes.", (System.nanoTime() - began) / 6e10));
            }
        } finally {
            results.notes.add(String.format("The suite took %.1f minutes.", (System.nanoTime() - t0) / 6e10));
            String json = JSON.writeValueAsString(results);
            Files.writeString(o.runDir().resolve("results.json"), json);
            // Beside the report, so the report can always be rendered again from the run it describes.
            Path plots = o.report().resolveSibling("benchmarks");
            Files.createDirectories(plots);
            Files.writeString(plots.resolve("results.json"), json);
            Report.write(results, o.report(), plots);
            System.err.println("Results: " + o.runDir().resolve("results.json") + "; report: " + o.report());
        }
    }

    private static void runParley(Options o, Sizes sizes, Results results, Scenarios scenarios) throws Exception {
        Path jar = o.cacheDir().resolve("parley-server.jar");
        Files.copy(o.serverJar(), jar, StandardCopyOption.REPLACE_EXISTING);
        try (ParleyServer server = ParleyServer.start(jar, o.cacheDir().resolve("parley-data"), 18090,
                o.runDir().resolve("parley-server.log"), o.serverFlags())) {
            results.commands.add(String.join(" ", server.command()));
            WritePath writePath = new WritePath(server.postgresPort());
            writePath.settings().forEach(s -> results.machine.merge("PostgreSQL (embedded, as the server runs it)", s, (a, b) -> a + "; " + b));
            Fixtures fixtures = new Fixtures(new ParleyApi(server.baseUrl()), o.cacheDir().resolve("fixtures"));
            fixtures.validate();
            ParleyBench bench = new ParleyBench(server, fixtures);
            if (o.only().contains("W5")) {
                results.w5.addAll(writePath.run(sizes.w5Batches(), sizes.w5Writers(), sizes.w5Seconds()));
                if (o.mode().equals("short")) {
                    results.w5.addAll(writePath.run(List.of(100), List.of(1, 4), sizes.w5Seconds()));
                }
            }
            if (o.only().contains("W1")) {
                scenarios.w1(bench);
                fixtures.absorb(o.runDir());
            }
            if (o.only().contains("W2")) {
                scenarios.w2(bench, sizes.w2Rates());
                fixtures.absorb(o.runDir());
            }
            if (o.only().contains("W3")) {
                scenarios.w3(bench);
                fixtures.absorb(o.runDir());
            }
            if (o.only().contains("W4")) {
                scenarios.w4(bench);
                fixtures.absorb(o.runDir());
            }
        }
    }

    private static void runEjabberd(Options o, Sizes sizes, Results results, Scenarios scenarios) {
        try (EjabberdServer server = EjabberdServer.start(o.ejabberdScript(), o.cacheDir().resolve("ejabberd"), 15280)) {
            results.commands.add("bash " + o.ejabberdScript() + " start " + o.cacheDir().resolve("ejabberd") + " 15280   (and stop)");
            results.machine.put("ejabberd", "23.01 (Debian package), Erlang/OTP "
                    + ProcessStats.run(List.of("erl", "-noshell", "-eval",
                            "io:format(\"~s\", [erlang:system_info(otp_release)]), halt()."), 30).trim());
            EjabberdBench bench = new EjabberdBench(server);
            if (o.only().contains("W1")) {
                scenarios.w1(bench);
            }
            if (o.only().contains("W2")) {
                List<Double> rates = results.w2.stream().filter(s -> s.target().equals("parley")).map(Results.W2Step::offered).toList();
                scenarios.w2(bench, rates.isEmpty() ? sizes.w2Rates() : extend(rates, sizes.w2Rates()));
            }
            if (o.only().contains("W3")) {
                scenarios.w3(bench);
            }
        }
    }

    /** ejabberd runs the rates Parley ran, and goes on up the ladder if it is still within bounds. */
    static List<Double> extend(List<Double> ran, List<Double> ladder) {
        List<Double> rates = new ArrayList<>(ladder);
        ran.stream().filter(r -> !rates.contains(r)).forEach(rates::add);
        rates.sort(Double::compare);
        return rates;
    }

    private static void machine(Results results) {
        String lscpu = ProcessStats.run(List.of("lscpu"), 10);
        StringBuilder cpu = new StringBuilder();
        for (String line : lscpu.split("\n")) {
            if (line.startsWith("Model name") || line.startsWith("CPU(s):") || line.startsWith("Thread(s) per core")
                    || line.startsWith("Hypervisor vendor") || line.startsWith("CPU max MHz") || line.startsWith("L3 cache")) {
                cpu.append(line.replaceAll("\\s+", " ").trim()).append("; ");
            }
        }
        results.machine.put("CPU (lscpu)", cpu.toString());
        results.machine.put("Memory", ProcessStats.run(List.of("free", "-h"), 10).lines().filter(l -> l.startsWith("Mem:"))
                .findFirst().orElse("").replaceAll("\\s+", " "));
        results.machine.put("Kernel", ProcessStats.run(List.of("uname", "-srmv"), 10).trim());
        results.machine.put("OS", ProcessStats.run(List.of("sh", "-c", ". /etc/os-release && echo $PRETTY_NAME"), 10).trim());
        results.machine.put("JDK", System.getProperty("java.vm.name") + " " + Runtime.version());
        results.machine.put("Open files per process", ProcessStats.run(List.of("sh", "-c", "ulimit -Hn"), 10).trim());
    }
}
