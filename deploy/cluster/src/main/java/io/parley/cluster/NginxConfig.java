package io.parley.cluster;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Renders deploy/nginx/parley.conf.template: every {@code {{name}}} is filled in, each line
 * holding {@code {{node}}} is repeated once per node ({@code address:port}), and the line holding
 * {@code {{upstream_source}}} once per address nginx connects to the nodes from (a share of
 * {@code split_clients}; none: the kernel picks). A placeholder without a value is an error, never
 * an empty string in a config nginx would then misread.
 */
final class NginxConfig {
    static final String NODE = "node";
    static final String UPSTREAM_SOURCE = "upstream_source";
    private static final String TEMPLATE = "/nginx/parley.conf.template";
    private static final Pattern PLACEHOLDER = Pattern.compile("\\{\\{([a-z_]+)}}");

    private NginxConfig() {
    }

    /** The template as built into the launcher (copied from deploy/nginx). */
    static String template() {
        try (InputStream in = NginxConfig.class.getResourceAsStream(TEMPLATE)) {
            if (in == null) {
                throw new IllegalStateException(TEMPLATE + " is not on the class path");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Rendered with nginx connecting to the nodes from whatever address the kernel picks. */
    static String render(String template, Map<String, String> values, List<String> nodes) {
        return render(template, values, nodes, List.of());
    }

    /** Rendered with nginx connecting to the nodes from {@code sources}, spread evenly over them. */
    static String render(String template, Map<String, String> values, List<String> nodes, List<String> sources) {
        if (nodes.isEmpty()) {
            throw new IllegalArgumentException("nginx needs at least one node");
        }
        List<String> lines = new ArrayList<>();
        for (String line : template.split("\n", -1)) {
            if (line.contains("{{" + NODE + "}}")) {
                for (String node : nodes) {
                    lines.add(fill(line.replace("{{" + NODE + "}}", node), values));
                }
            } else if (line.contains("{{" + UPSTREAM_SOURCE + "}}")) {
                for (String share : shares(sources)) {
                    lines.add(fill(line.replace("{{" + UPSTREAM_SOURCE + "}}", share), values));
                }
            } else {
                lines.add(fill(line, values));
            }
        }
        return String.join("\n", lines);
    }

    /** split_clients' lines: an even share of the clients per address, the rest ("*") to the last; "" binds none. */
    private static List<String> shares(List<String> sources) {
        if (sources.isEmpty()) {
            return List.of("* \"\"");
        }
        List<String> shares = new ArrayList<>();
        String percent = String.format(Locale.ROOT, "%.2f%%", 100.0 / sources.size());
        for (int i = 0; i < sources.size(); i++) {
            shares.add((i == sources.size() - 1 ? "*" : percent) + " " + sources.get(i));
        }
        return shares;
    }

    private static String fill(String line, Map<String, String> values) {
        Matcher m = PLACEHOLDER.matcher(line);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String value = values.get(m.group(1));
            if (value == null) {
                throw new IllegalArgumentException("No value for {{" + m.group(1) + "}} in the nginx template");
            }
            m.appendReplacement(out, Matcher.quoteReplacement(value));
        }
        return m.appendTail(out).toString();
    }
}
