package io.parley.platform;

import static org.assertj.core.api.Assertions.assertThat;

import io.parley.support.Api;
import io.parley.support.IntegrationTest;
import io.parley.support.TestUser;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Walks every operation of the OpenAPI document and sends it malformed and hostile values: NUL,
 * half surrogate pairs, bytes that are not UTF-8, huge strings, wrong types, negative and
 * overflowing ids, in path and query parameters and JSON bodies, and malformed JSON, signed in as
 * a real user whose real ids fill the parameters not under test. No answer may be a 5xx, and
 * every error is a problem detail. Deterministic (values rotate in a fixed order) and bounded:
 * a few hundred requests.
 */
class HostileInputIT extends IntegrationTest {
    /** Raw, already percent-encoded: they go into the URL as they are. */
    private static final String[] URL_VALUES = {
        "%00", "%ED%A0%80", "-1", "99999999999999999999999", "a%00b", "%FF", "9223372036854775808", "1.5",
        "x".repeat(2_000), "%F0%9F%8D%9C", "-9223372036854775808", "%C0%80", "0", "abc", "%25",
    };
    /** JSON texts, for one field at a time. */
    private static final String[] JSON_VALUES = {
        "\"a\\u0000b\"", "\"\\ud800\"", "-1", "99999999999999999999999", "\"" + "x".repeat(60_000) + "\"", "{\"a\":1}",
        "[null]", "\"tail \\udc00\"", "9223372036854775808", "1e400", "\"-1\"", "true", "\"\"", "[\"\\u0000\"]",
        "-9223372036854775808", "1.5", "\"99999999999999999999999\"", "\"" + "x".repeat(200_000) + "\"", "null",
    };
    private static final String[] MALFORMED_BODIES = {"{\"a\":", "[1]", "null"};

    private final List<String> failures = new ArrayList<>();
    private int requests;
    private int rotation;

    private record Operation(String method, String path, JsonNode spec) {
        boolean signsOut() {
            return path.contains("sign-out") || path.contains("/sessions/");
        }
    }

    @Test
    void noOperationAnswersHostileInputWithA5xxAndEveryErrorIsAProblemDetail() {
        TestUser me = signUp("Walker");
        TestUser friend = signUp("Friend");
        String chat = directChat(me, friend);
        String[] group = createGroup(me, "Walked", "open");
        join(friend, group[1]);
        String message = sendRest(friend, chat, "hello").at("/id");
        Map<String, String> real = Map.of("conversationId", chat, "groupId", group[0], "userId", friend.idString(),
                "messageId", message, "parleyId", friend.parleyId(), "code", group[1], "provider", "google",
                "email", "walker@example.com");

        JsonNode docs = api.get("/v3/api-docs", null).json();
        List<Operation> operations = new ArrayList<>();
        docs.get("paths").properties().forEach(path -> path.getValue().properties().forEach(op ->
                operations.add(new Operation(op.getKey().toUpperCase(), path.getKey(), op.getValue()))));
        // Signing out (which ends the walker's session) comes last.
        operations.sort(Comparator.comparing(Operation::signsOut).thenComparing(Operation::path)
                .thenComparing(Operation::method));
        assertThat(operations).hasSizeGreaterThan(40);

        for (Operation operation : operations) {
            walk(operation, docs, real, me.accessToken());
        }
        assertThat(requests).isBetween(200, 700);
        assertThat(failures).as("%d of %d requests", failures.size(), requests).isEmpty();
    }

    private void walk(Operation operation, JsonNode docs, Map<String, String> real, String token) {
        List<JsonNode> parameters = operation.spec().path("parameters").valueStream()
                .filter(p -> scalarOrArray(p.path("schema"))).toList();
        Map<String, String> path = new LinkedHashMap<>();
        Map<String, String> query = new LinkedHashMap<>();
        for (JsonNode parameter : parameters) {
            String name = parameter.get("name").asString();
            String valid = real.getOrDefault(name, isNumeric(parameter.path("schema")) ? "1" : "a");
            if (parameter.path("in").asString().equals("path")) {
                path.put(name, valid);
            } else if (parameter.path("in").asString().equals("query") && parameter.path("required").asBoolean()) {
                query.put(name, valid);
            }
        }
        JsonNode body = operation.spec().path("requestBody").path("content");
        JsonNode jsonSchema = resolve(docs, body.path("application/json").path("schema"));
        String validBody = jsonSchema.isMissingNode() ? null : jsonBody(jsonSchema, real, null, null);

        for (JsonNode parameter : parameters) {
            String name = parameter.get("name").asString();
            String in = parameter.path("in").asString();
            for (int i = 0; i < 3; i++) {
                String hostile = URL_VALUES[rotation++ % URL_VALUES.length];
                Map<String, String> p = new LinkedHashMap<>(path);
                Map<String, String> q = new LinkedHashMap<>(query);
                (in.equals("path") ? p : q).put(name, hostile);
                send(operation, url(operation.path(), p, q), token, validBody == null ? null : "application/json",
                        validBody);
            }
        }
        String url = url(operation.path(), path, query);
        if (!jsonSchema.isMissingNode()) {
            for (String field : jsonSchema.path("properties").propertyNames()) {
                for (int i = 0; i < 2; i++) {
                    String hostile = JSON_VALUES[rotation++ % JSON_VALUES.length];
                    send(operation, url, token, "application/json", jsonBody(jsonSchema, real, field, hostile));
                }
            }
        }
        if (body.has("multipart/form-data")) {
            send(operation, url, token, "multipart/form-data; boundary=x", "--x\r\nContent-Disposition: form-data; "
                    + "name=\"file\"; filename=\"a\u0000.png\"\r\nContent-Type: image/png\r\n\r\nnot a picture\r\n--x--\r\n");
            send(operation, url, token, "multipart/form-data; boundary=x", "--x\r\nbroken");
            send(operation, url, token, "multipart/form-data", "no boundary at all");
        }
        // Malformed JSON; for an operation without a body, a body it must ignore or refuse.
        for (String malformed : MALFORMED_BODIES) {
            send(operation, url, token, "application/json", malformed);
            if (body.isMissingNode()) {
                break;
            }
        }
    }

    private void send(Operation operation, String url, String token, String contentType, String body) {
        requests++;
        Api.Response response = api.send(operation.method(), url, token, contentType,
                body == null ? null : body.getBytes(StandardCharsets.UTF_8));
        String type = response.header("Content-Type");
        String request = operation.method() + " " + abbreviate(url) + (body == null ? "" : " " + abbreviate(body));
        if (response.status() >= 500) {
            failures.add(request + " -> " + abbreviate(response.toString()));
        } else if (response.status() >= 400 && (type == null || !type.startsWith("application/problem+json"))) {
            failures.add(request + " -> " + response.status() + " as " + type);
        }
    }

    /** A body with every field valid, except {@code hostileField}, which holds {@code hostile} (a JSON text). */
    private static String jsonBody(JsonNode schema, Map<String, String> real, String hostileField, String hostile) {
        StringBuilder json = new StringBuilder("{");
        for (String field : schema.path("properties").propertyNames()) {
            if (json.length() > 1) {
                json.append(',');
            }
            json.append('"').append(field).append("\":");
            if (field.equals(hostileField)) {
                json.append(hostile);
                continue;
            }
            JsonNode property = schema.path("properties").path(field);
            String value = real.get(field);
            json.append(switch (type(property)) {
                case "integer", "number" -> value != null ? value : "1";
                case "boolean" -> "true";
                case "array" -> "[]";
                case "object" -> "{}";
                default -> "\"" + (value != null ? value : "fuzz") + "\"";
            });
        }
        return json.append('}').toString();
    }

    private static JsonNode resolve(JsonNode docs, JsonNode schema) {
        String ref = schema.path("$ref").asString("");
        return ref.startsWith("#/") ? docs.at(ref.substring(1)) : schema;
    }

    private static String type(JsonNode schema) {
        JsonNode type = schema.path("type");
        if (type.isArray()) {
            return type.valueStream().map(JsonNode::asString).filter(t -> !t.equals("null")).findFirst().orElse("");
        }
        return type.asString("");
    }

    private static boolean isNumeric(JsonNode schema) {
        return type(schema).equals("integer") || type(schema).equals("number");
    }

    /** Parameters a client can write in a URL (not the document's stray object parameters). */
    private static boolean scalarOrArray(JsonNode schema) {
        return !type(schema).isEmpty() && !type(schema).equals("object");
    }

    private static String url(String template, Map<String, String> path, Map<String, String> query) {
        String url = template;
        for (Map.Entry<String, String> p : path.entrySet()) {
            url = url.replace("{" + p.getKey() + "}", p.getValue());
        }
        StringBuilder q = new StringBuilder();
        query.forEach((name, value) -> q.append(q.isEmpty() ? "?" : "&").append(name).append('=').append(value));
        return url + q;
    }

    private static String abbreviate(String text) {
        return text.length() > 160 ? text.substring(0, 160) + "..." : text;
    }
}
