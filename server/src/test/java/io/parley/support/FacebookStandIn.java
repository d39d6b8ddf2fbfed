package io.parley.support;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import tools.jackson.databind.json.JsonMapper;

/**
 * A local stand-in for Facebook's login dialog and Graph API (oauth/access_token, debug_token,
 * me), checking what Facebook checks: app secret, PKCE verifier, appsecret_proof.
 */
public final class FacebookStandIn {
    public static final String APP_ID = "4242";
    public static final String APP_SECRET = "fb-test-secret";
    private static final JsonMapper json = JsonMapper.builder().build();
    private static HttpServer server;

    public record Person(String id, String name, String email, String appId) {
    }

    private static final Map<String, Person> tokens = new ConcurrentHashMap<>();
    private static final Map<String, String[]> codes = new ConcurrentHashMap<>();
    private static volatile Person nextDialogPerson;

    private FacebookStandIn() {
    }

    public static synchronized String graphUrl() {
        start();
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/v21.0";
    }

    public static String dialogUrl() {
        return graphUrl() + "/dialog/oauth";
    }

    /** A user access token Facebook would give our app (or another app) for this person. */
    public static String accessToken(Person person) {
        String token = "EAA" + UUID.randomUUID().toString().replace("-", "");
        tokens.put(token, person);
        return token;
    }

    public static void nextDialogSignIn(Person person) {
        nextDialogPerson = person;
    }

    private static void start() {
        if (server != null) {
            return;
        }
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext("/v21.0/dialog/oauth", exchange -> {
            Map<String, String> q = query(exchange);
            String code = "code-" + UUID.randomUUID();
            codes.put(code, new String[] {accessToken(nextDialogPerson), q.get("code_challenge"), q.get("redirect_uri")});
            redirect(exchange, q.get("redirect_uri") + "?code=" + code + "&state=" + q.get("state"));
        });
        server.createContext("/v21.0/oauth/access_token", exchange -> {
            Map<String, String> q = query(exchange);
            String[] issued = codes.remove(q.getOrDefault("code", ""));
            if (issued == null || !APP_SECRET.equals(q.get("client_secret")) || !issued[2].equals(q.get("redirect_uri"))
                    || !issued[1].equals(s256(q.getOrDefault("code_verifier", "")))) {
                respond(exchange, 400, Map.of("error", Map.of("message", "Invalid verification code", "type", "OAuthException")));
                return;
            }
            respond(exchange, 200, Map.of("access_token", issued[0], "token_type", "bearer", "expires_in", 5000));
        });
        server.createContext("/v21.0/debug_token", exchange -> {
            Map<String, String> q = query(exchange);
            if (!(APP_ID + "|" + APP_SECRET).equals(q.get("access_token"))) {
                respond(exchange, 400, Map.of("error", Map.of("message", "Invalid app token")));
                return;
            }
            Person person = tokens.get(q.getOrDefault("input_token", ""));
            Map<String, Object> data = new LinkedHashMap<>();
            data.put("is_valid", person != null);
            if (person != null) {
                data.put("app_id", person.appId());
                data.put("user_id", person.id());
            }
            respond(exchange, 200, Map.of("data", data));
        });
        server.createContext("/v21.0/me", exchange -> {
            Map<String, String> q = query(exchange);
            String token = q.getOrDefault("access_token", "");
            Person person = tokens.get(token);
            if (person == null || !hmac(token).equals(q.get("appsecret_proof"))) {
                respond(exchange, 400, Map.of("error", Map.of("message", "Invalid OAuth access token")));
                return;
            }
            Map<String, Object> me = new LinkedHashMap<>();
            me.put("id", person.id());
            me.put("name", person.name());
            if (person.email() != null) {
                me.put("email", person.email());
            }
            respond(exchange, 200, me);
        });
        server.start();
    }

    private static Map<String, String> query(HttpExchange exchange) {
        Map<String, String> result = new LinkedHashMap<>();
        String raw = exchange.getRequestURI().getRawQuery();
        if (raw != null) {
            for (String pair : raw.split("&")) {
                int eq = pair.indexOf('=');
                if (eq > 0) {
                    result.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                            URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
                }
            }
        }
        return result;
    }

    private static void redirect(HttpExchange exchange, String location) throws IOException {
        exchange.getResponseHeaders().add("Location", location);
        exchange.sendResponseHeaders(302, -1);
        exchange.close();
    }

    private static void respond(HttpExchange exchange, int status, Object body) throws IOException {
        byte[] bytes = json.writeValueAsBytes(body);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
        exchange.close();
    }

    private static String s256(String verifier) {
        try {
            return Base64.getUrlEncoder().withoutPadding().encodeToString(
                    MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII)));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static String hmac(String token) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(APP_SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal(token.getBytes(StandardCharsets.UTF_8)));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
