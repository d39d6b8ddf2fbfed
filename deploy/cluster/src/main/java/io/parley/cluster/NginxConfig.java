package io.parley.cluster;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Renders deploy/nginx/parley.conf.template: every {@code {{name}}} is filled in, and each line
 * holding {@code {{node}}} is repeated once per node ({@code address:port}). A placeholder without
 * a value is an error, never an empty string in a config nginx would then misread.
 */
final class NginxConfig {
    static final String NODE = "node";
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

    static String render(String template, Map<String, String> values, List<String> nodes) {
        if (nodes.isEmpty()) {
            throw new IllegalArgumentException("nginx needs at least one node");
        }
        List<String> lines = new ArrayList<>();
        for (String line : template.split("\n", -1)) {
            if (line.contains("{{" + NODE + "}}")) {
                for (String node : nodes) {
                    lines.add(fill(line.replace("{{" + NODE + "}}", node), values));
                }
            } else {
                lines.add(fill(line, values));
            }
        }
        return String.join("\n", lines);
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
