package io.parley.loadtest.setup;

/** A benchmark account and its current tokens. Account {@code index} is always the same email and Parley ID. */
public record BenchUser(int index, String userId, String accessToken, String refreshToken, long accessExpiresEpochMs) {
    public static final String PASSWORD = "loadtest-password-1";

    public static String email(int index) {
        return "lt" + index + "@loadtest.parley.invalid";
    }

    public static String parleyId(int index) {
        return "lt_" + index;
    }

    String line() {
        return index + "\t" + userId + "\t" + accessToken + "\t" + refreshToken + "\t" + accessExpiresEpochMs;
    }

    static BenchUser parse(String line) {
        String[] f = line.split("\t");
        return new BenchUser(Integer.parseInt(f[0]), f[1], f[2], f[3], Long.parseLong(f[4]));
    }
}
