package io.parley.platform.web;

import java.util.Map;
import org.springframework.http.HttpStatus;

/** The server is shedding load: a 503 {@code server-busy} with Retry-After; nothing was done. */
public class ServerBusyException extends ProblemException implements RetryLater {
    private final long retryAfterSeconds;

    public ServerBusyException(String detail, long retryAfterSeconds) {
        super(HttpStatus.SERVICE_UNAVAILABLE, "server-busy", detail, Map.of("retryAfterSeconds", retryAfterSeconds));
        this.retryAfterSeconds = retryAfterSeconds;
    }

    @Override
    public long retryAfterSeconds() {
        return retryAfterSeconds;
    }
}
