package io.parley.loadtest.rest;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import javax.net.ssl.SSLContext;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The REST calls the harness makes: sign-up and sign-in, refresh, friends, conversations, groups, sync. */
public final class ParleyApi {
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private final HttpClient http;
    private final String base;

    public ParleyApi(String base) {
        this(base, null);
    }

    /** {@code tls}: what an https:// base is trusted by (a cluster's nginx), or null for the JDK's defaults. */
    public ParleyApi(String base, SSLContext tls) {
        this.base = base;
        HttpClient.Builder builder = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(30))
                .executor(Executors.newVirtualThreadPerTaskExecutor());
        if (tls != null) {
            builder.sslContext(tls);
        }
        this.http = builder.build();
    }

    /** What every sign-in answers. */
    public record Tokens(String userId, String accessToken, String refreshToken, long accessExpiresEpochMs) {
    }

    public record Group(String id, String code) {
    }

    public record SyncMessage(String id, String conversationId, String body) {
    }

    public record SyncPage(String cursor, boolean hasMore, List<SyncMessage> messages) {
    }

    public Tokens signUp(String email, String password, String displayName, String parleyId) {
        return tokens(post("/api/auth/local/sign-up", null,
                Map.of("email", email, "password", password, "displayName", displayName, "parleyId", parleyId,
                        "deviceName", "loadtest")));
    }

    public Tokens signIn(String email, String password) {
        return tokens(post("/api/auth/local/sign-in", null, Map.of("email", email, "password", password, "deviceName", "loadtest")));
    }

    public Tokens refresh(String refreshToken) {
        return tokens(post("/api/auth/refresh", null, Map.of("refreshToken", refreshToken)));
    }

    /** Asks to be friends; answers "requested", or "friends" when the other had already asked. */
    public String friendRequest(String token, String parleyId) {
        return post("/api/friend-requests", token, Map.of("parleyId", parleyId)).path("outcome").asString();
    }

    public String openDirect(String token, String userId) {
        return post("/api/conversations/direct", token, Map.of("userId", Long.parseLong(userId))).path("id").asString();
    }

    public Group createGroup(String token, String name) {
        JsonNode group = post("/api/groups", token, Map.of("name", name, "joinMode", "open"));
        return new Group(group.path("id").asString(), group.path("groupId").asString());
    }

    public void joinGroup(String token, String code) {
        post("/api/groups/join", token, Map.of("groupId", code));
    }

    public SyncPage sync(String token, String cursor) {
        String path = cursor == null ? "/api/sync" : "/api/sync?cursor=" + URLEncoder.encode(cursor, StandardCharsets.US_ASCII);
        JsonNode page = send(HttpRequest.newBuilder(URI.create(base + path)).GET(), token);
        List<SyncMessage> messages = new ArrayList<>();
        for (JsonNode m : page.path("messages")) {
            messages.add(new SyncMessage(m.path("id").asString(), m.path("conversationId").asString(),
                    m.path("body").isMissingNode() ? null : m.path("body").asString()));
        }
        return new SyncPage(page.path("cursor").asString(), page.path("hasMore").asBoolean(), messages);
    }

    public boolean healthy() {
        try {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(base + "/actuator/health"))
                    .timeout(Duration.ofSeconds(2)).GET().build(), HttpResponse.BodyHandlers.ofString());
            return response.statusCode() == 200 && response.body().contains("UP");
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static Tokens tokens(JsonNode node) {
        return new Tokens(node.path("userId").asString(), node.path("accessToken").asString(),
                node.path("refreshToken").asString(), Instant.parse(node.path("expiresAt").asString()).toEpochMilli());
    }

    private JsonNode post(String path, String token, Object body) {
        return send(HttpRequest.newBuilder(URI.create(base + path)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body))), token);
    }

    private JsonNode send(HttpRequest.Builder request, String token) {
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        request.timeout(Duration.ofSeconds(120));
        for (int attempt = 1; ; attempt++) {
            try {
                HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
                String text = response.body();
                if (response.statusCode() >= 400) {
                    JsonNode problem = text.isBlank() ? JSON.createObjectNode() : JSON.readTree(text);
                    throw new ApiException(response.statusCode(), problem.path("type").asString(""),
                            problem.path("detail").asString(text));
                }
                return text.isBlank() ? JSON.createObjectNode() : JSON.readTree(text);
            } catch (IOException e) {
                // A refused or reset connection under load: a few tries, then give up.
                if (attempt >= 5) {
                    throw new IllegalStateException("POST/GET " + request.build().uri() + " failed", e);
                }
                sleep(200L * attempt);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
