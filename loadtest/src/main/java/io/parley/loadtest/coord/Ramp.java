package io.parley.loadtest.coord;

import io.parley.loadtest.stats.LatencySummary;
import java.util.ArrayList;
import java.util.List;
import org.HdrHistogram.Histogram;
import tools.jackson.databind.JsonNode;

/**
 * W1's connections, opened in two halves by two pools of workers, added up: every worker's answer, and the time of
 * both halves (each as long as its slowest worker).
 */
record Ramp(List<JsonNode> answers, long ready, long failed, double seconds, Histogram connect) {

    static Ramp of(List<JsonNode> first, List<JsonNode> second) {
        List<JsonNode> answers = new ArrayList<>(first);
        answers.addAll(second);
        double seconds = Answers.max(first, "elapsedNanos") / 1e9 + Answers.max(second, "elapsedNanos") / 1e9;
        return new Ramp(answers, Answers.sum(answers, "ready"), Answers.sum(answers, "failed"), seconds,
                Answers.histogram(answers, "connect"));
    }

    double perSecond() {
        return ready / seconds;
    }

    @Override
    public String toString() {
        return String.format("%d ready, %d failed in %.1f s (%.0f/s); connect %s", ready, failed, seconds, perSecond(),
                LatencySummary.of(connect));
    }
}
