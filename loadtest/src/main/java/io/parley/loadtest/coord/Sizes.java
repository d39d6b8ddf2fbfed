package io.parley.loadtest.coord;

import java.util.List;
import java.util.Map;

/**
 * How big each workload is: --short fits the whole suite in 10 minutes, --full is the real measurement. The cluster
 * runs W1 with {@code clusterW1PerNode} connections per node, and its failover with {@code failoverPerNode} devices per
 * node (one-way pairs at {@code failoverRate} msg/s, a node killed {@code failoverKillAfterSeconds} into
 * {@code failoverSeconds} of sending).
 */
public record Sizes(int w1Connections, double w1HoldSeconds, int w2Pairs, List<Double> w2Rates, double w2Seconds,
        Map<Integer, List<Double>> w3Rates, double w3Seconds, int w4Pairs, double w4Rate, double w4Seconds,
        double w4DropAfterSeconds, long w4JitterMs, List<Integer> w5Batches, List<Integer> w5Writers, double w5Seconds,
        int clusterW1PerNode, int failoverPerNode, double failoverRate, double failoverSeconds, double failoverKillAfterSeconds) {

    public static Sizes of(String mode) {
        return mode.equals("full")
                ? new Sizes(19_000, 60, 2_500,
                        List.of(250.0, 1_000.0, 2_500.0, 5_000.0, 7_500.0, 10_000.0, 12_500.0, 15_000.0, 17_500.0, 20_000.0, 25_000.0), 20,
                        Map.of(10, List.of(500.0), 100, List.of(200.0), 1000, List.of(10.0, 20.0, 50.0, 80.0)), 20,
                        4_000, 2_000, 60, 15, 10_000,
                        List.of(1, 10, 50, 100, 500, 1000), List.of(1, 2, 4), 5,
                        19_000, 3_000, 500, 50, 15)
                : new Sizes(8_000, 10, 1_000, List.of(2_000.0, 5_000.0, 10_000.0, 15_000.0), 8,
                        Map.of(10, List.of(200.0), 100, List.of(100.0), 1000, List.of(20.0, 50.0)), 8,
                        1_000, 1_000, 20, 5, 3_000,
                        List.of(1, 10, 100, 500), List.of(2), 3,
                        3_000, 2_000, 300, 30, 8);
    }
}
