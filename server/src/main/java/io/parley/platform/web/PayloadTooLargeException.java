package io.parley.platform.web;

/** The body went past the limit for its endpoint; thrown while reading it. */
public class PayloadTooLargeException extends RuntimeException {
    public PayloadTooLargeException(String message) {
        super(message, null, false, false);
    }
}
