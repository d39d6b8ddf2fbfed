package io.parley.platform.web;

import java.util.Map;
import org.springframework.http.HttpStatus;

/**
 * A failure the caller can act on. It becomes an RFC 9457 problem detail whose {@code type} is
 * {@code /problems/<code>}: the code is part of the API and never changes meaning.
 */
public class ProblemException extends RuntimeException {
    private final HttpStatus status;
    private final String code;
    private final transient Map<String, Object> properties;

    public ProblemException(HttpStatus status, String code, String detail) {
        this(status, code, detail, Map.of());
    }

    public ProblemException(HttpStatus status, String code, String detail, Map<String, Object> properties) {
        super(detail, null, false, false);
        this.status = status;
        this.code = code;
        this.properties = Map.copyOf(properties);
    }

    public HttpStatus status() {
        return status;
    }

    public String code() {
        return code;
    }

    public Map<String, Object> properties() {
        return properties;
    }

    public static ProblemException notFound(String code, String detail) {
        return new ProblemException(HttpStatus.NOT_FOUND, code, detail);
    }

    public static ProblemException badRequest(String code, String detail) {
        return new ProblemException(HttpStatus.BAD_REQUEST, code, detail);
    }

    public static ProblemException conflict(String code, String detail) {
        return new ProblemException(HttpStatus.CONFLICT, code, detail);
    }

    public static ProblemException forbidden(String code, String detail) {
        return new ProblemException(HttpStatus.FORBIDDEN, code, detail);
    }

    public static ProblemException unauthorized(String code, String detail) {
        return new ProblemException(HttpStatus.UNAUTHORIZED, code, detail);
    }
}
