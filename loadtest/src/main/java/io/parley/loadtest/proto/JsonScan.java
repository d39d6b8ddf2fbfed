package io.parley.loadtest.proto;

import java.nio.charset.StandardCharsets;

/**
 * Reads a few string fields out of a JSON text without parsing it, so that the load generator
 * spends its (shared) CPU on load and not on JSON trees. It finds the first {@code "key":"}
 * at or after a position and answers the string up to the next unescaped quote. Only for
 * fields whose values the harness controls or that are plain (ids, types, our own bodies).
 */
public final class JsonScan {
    private JsonScan() {
    }

    public static byte[] key(String name) {
        return ("\"" + name + "\":\"").getBytes(StandardCharsets.US_ASCII);
    }

    /** Where the value of {@code key} starts (just after its opening quote), or -1. */
    public static int valueStart(byte[] text, int from, int to, byte[] key) {
        int last = to - key.length;
        outer:
        for (int i = from; i <= last; i++) {
            for (int k = 0; k < key.length; k++) {
                if (text[i + k] != key[k]) {
                    continue outer;
                }
            }
            return i + key.length;
        }
        return -1;
    }

    /** Where the string starting at {@code start} ends (its closing quote), or -1. */
    public static int valueEnd(byte[] text, int start, int to) {
        for (int i = start; i < to; i++) {
            if (text[i] == '\\') {
                i++;
            } else if (text[i] == '"') {
                return i;
            }
        }
        return -1;
    }

    /** The value of the first {@code key} at or after {@code from}, or null. Escapes are left as they are. */
    public static String string(byte[] text, int from, int to, byte[] key) {
        int start = valueStart(text, from, to, key);
        if (start < 0) {
            return null;
        }
        int end = valueEnd(text, start, to);
        return end < 0 ? null : new String(text, start, end - start, StandardCharsets.UTF_8);
    }

    public static String string(byte[] text, byte[] key) {
        return string(text, 0, text.length, key);
    }
}
