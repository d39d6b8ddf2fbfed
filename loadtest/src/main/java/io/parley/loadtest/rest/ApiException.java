package io.parley.loadtest.rest;

/** A REST call answered with an error status; {@code type} is the problem type (e.g. /problems/email-in-use). */
public final class ApiException extends RuntimeException {
    private final int status;
    private final String type;

    public ApiException(int status, String type, String detail) {
        super(status + " " + type + ": " + detail);
        this.status = status;
        this.type = type;
    }

    public int status() {
        return status;
    }

    public String type() {
        return type;
    }

    public boolean is(String code) {
        return type != null && type.endsWith("/" + code);
    }
}
