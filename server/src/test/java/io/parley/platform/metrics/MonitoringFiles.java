package io.parley.platform.metrics;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The monitoring files shipped in deploy/ (Grafana dashboard, Prometheus alert rules) and the
 * metric names their PromQL expressions read, so tests can hold them to what the server exports.
 */
final class MonitoringFiles {
    static final Path DEPLOY = Path.of("..", "deploy");
    static final Path DASHBOARD = DEPLOY.resolve("grafana/parley-dashboard.json");
    static final Path PROMETHEUS = DEPLOY.resolve("prometheus");
    static final Path ALERTS = PROMETHEUS.resolve("alerts.yml");

    /** Series Prometheus makes itself, not the server. */
    static final Set<String> FROM_PROMETHEUS = Set.of("up");

    /** PromQL's words that look like names: functions, aggregations, operators. */
    private static final Set<String> KEYWORDS = Set.of("sum", "min", "max", "avg", "count", "by", "without", "on",
            "ignoring", "group_left", "group_right", "and", "or", "unless", "bool", "offset", "rate", "irate",
            "increase", "histogram_quantile", "absent", "clamp_min", "clamp_max", "topk", "bottomk", "label_values");
    private static final Pattern STRING = Pattern.compile("\"(?:[^\"\\\\]|\\\\.)*\"");
    private static final Pattern SELECTOR = Pattern.compile("\\{[^}]*}");
    private static final Pattern RANGE = Pattern.compile("\\[[^]]*]");
    private static final Pattern GROUPING = Pattern.compile("\\b(by|without|on|ignoring|group_left|group_right)\\s*\\([^)]*\\)");
    private static final Pattern VARIABLE = Pattern.compile("\\$\\{?[A-Za-z_][A-Za-z0-9_]*}?");
    private static final Pattern NAME = Pattern.compile("(?<![A-Za-z0-9_:.])[A-Za-z_:][A-Za-z0-9_:]*(?![A-Za-z0-9_:]|\\s*\\()");

    private MonitoringFiles() {
    }

    static JsonNode dashboard() {
        return JsonMapper.builder().build().readTree(read(DASHBOARD));
    }

    /** Every PromQL expression of the dashboard's panels. */
    static List<String> dashboardExpressions() {
        List<String> expressions = new ArrayList<>();
        for (JsonNode panel : dashboard().path("panels")) {
            for (JsonNode target : panel.path("targets")) {
                expressions.add(target.path("expr").asString());
            }
        }
        return expressions;
    }

    /** Every "expr:" of the alert rules (one line, or a block scalar after "expr: |"). */
    static List<String> alertExpressions() {
        List<String> expressions = new ArrayList<>();
        List<String> lines = read(ALERTS).lines().toList();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (!line.startsWith("expr:")) {
                continue;
            }
            String value = line.substring("expr:".length()).strip();
            if (value.equals("|") || value.equals(">")) {
                StringBuilder block = new StringBuilder();
                int indent = indent(lines.get(i));
                while (i + 1 < lines.size() && (lines.get(i + 1).isBlank() || indent(lines.get(i + 1)) > indent)) {
                    block.append(lines.get(++i).strip()).append(' ');
                }
                value = block.toString().strip();
            }
            expressions.add(value);
        }
        return expressions;
    }

    /** The metric names an expression reads. */
    static Set<String> metricNames(String expression) {
        String rest = STRING.matcher(expression).replaceAll(" ");
        rest = SELECTOR.matcher(rest).replaceAll(" ");
        rest = RANGE.matcher(rest).replaceAll(" ");
        rest = GROUPING.matcher(rest).replaceAll(" ");
        rest = VARIABLE.matcher(rest).replaceAll(" ");
        Set<String> names = new TreeSet<>();
        Matcher matcher = NAME.matcher(rest);
        while (matcher.find()) {
            if (!KEYWORDS.contains(matcher.group())) {
                names.add(matcher.group());
            }
        }
        return names;
    }

    static Set<String> allMetricNames() {
        Set<String> names = new TreeSet<>();
        dashboardExpressions().forEach(expression -> names.addAll(metricNames(expression)));
        alertExpressions().forEach(expression -> names.addAll(metricNames(expression)));
        return names;
    }

    private static int indent(String line) {
        return line.length() - line.stripLeading().length();
    }

    private static String read(Path path) {
        try {
            return Files.readString(path);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
