package io.parley.loadtest.worker;

import io.parley.loadtest.rest.ParleyApi;

/** What a client needs from its worker process. */
public interface ClientHost {
    WorkerPlan plan();

    Metrics metrics();

    String runNonce();

    /** Whether receivers keep every sequence they get (reconnect storm) or only time them. */
    boolean tracking();

    ParleyApi api();

    void ready(Client client, long connectNanos);

    void lost(Client client, boolean wasReady, int code, Throwable failure);
}
