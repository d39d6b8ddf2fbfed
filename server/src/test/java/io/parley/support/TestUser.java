package io.parley.support;

/** Someone signed up through the API, with the tokens of that first device. */
public record TestUser(long id, String parleyId, String email, String password, String accessToken,
        String refreshToken, long sessionId) {

    public String idString() {
        return Long.toString(id);
    }
}
