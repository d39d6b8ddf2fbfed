package io.parley.loadtest.coord;

import io.parley.loadtest.server.ProcessStats;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * CPU time over one step: the server (its database included, and apart; and per process where it
 * has several), the load generator's workers, and whatever else ran on the machine meanwhile.
 */
record CpuMeter(Bench bench, WorkerPool pool, double server, double database, Map<String, Double> parts, double clients,
        double machine) {

    record Used(double server, double database, Map<String, Double> parts, double clients, double others) {
    }

    static CpuMeter start(Bench bench, WorkerPool pool) {
        return new CpuMeter(bench, pool, bench.serverCpuSeconds(), bench.databaseCpuSeconds(), bench.cpuByPart(),
                clientSeconds(pool), ProcessStats.machineBusySeconds());
    }

    Used stop() {
        double serverUsed = bench.serverCpuSeconds() - server;
        Map<String, Double> partsUsed = new LinkedHashMap<>();
        bench.cpuByPart().forEach((part, seconds) -> partsUsed.put(part, seconds - parts.getOrDefault(part, 0.0)));
        double clientsUsed = clientSeconds(pool) - clients;
        // The machine's counters and the processes' are read at slightly different moments: never below zero.
        double others = Math.max(0, ProcessStats.machineBusySeconds() - machine - serverUsed - clientsUsed);
        return new Used(serverUsed, bench.databaseCpuSeconds() - database, partsUsed, clientsUsed, others);
    }

    private static double clientSeconds(WorkerPool pool) {
        return pool.pids().stream().mapToDouble(ProcessStats::cpuOf).sum();
    }
}
