package io.parley.loadtest.coord;

import io.parley.loadtest.stats.Histograms;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.HdrHistogram.Histogram;
import tools.jackson.databind.JsonNode;

/** Adds up the workers' answers: counters, histograms, error counts. */
final class Answers {
    private Answers() {
    }

    static long sum(List<JsonNode> answers, String field) {
        return answers.stream().mapToLong(a -> a.path(field).asLong()).sum();
    }

    static long max(List<JsonNode> answers, String field) {
        return answers.stream().mapToLong(a -> a.path(field).asLong()).max().orElse(0);
    }

    static Histogram histogram(List<JsonNode> answers, String field) {
        return Histograms.merge(answers.stream().map(a -> Histograms.decode(a.path(field).asString(""))).toList());
    }

    static Map<String, Long> errors(List<JsonNode> answers) {
        Map<String, Long> errors = new TreeMap<>();
        for (JsonNode a : answers) {
            for (Map.Entry<String, JsonNode> e : a.path("errors").properties()) {
                errors.merge(e.getKey(), e.getValue().asLong(), Long::sum);
            }
        }
        return errors;
    }
}
