package io.parley.support;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** A plain HTTP client for the running server: what any app would send, nothing test-only. */
public final class Api {
    private static final JsonMapper json = JsonMapper.builder().build();
    private final HttpClient http;
    private final String base;

    public Api(int port) {
        this("http://localhost:" + port, null);
    }

    /** A server at {@code base} (http or https, no trailing slash); {@code tls} trusts its certificate (null: the JDK's). */
    public Api(String base, javax.net.ssl.SSLContext tls) {
        HttpClient.Builder builder = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5))
                .followRedirects(HttpClient.Redirect.NEVER);
        if (tls != null) {
            builder.sslContext(tls);
        }
        this.http = builder.build();
        this.base = base;
    }

    public String base() {
        return base;
    }

    public record Response(int status, HttpHeaders headers, String body) {
        public JsonNode json() {
            return body == null || body.isEmpty() ? json.nullNode() : json.readTree(body);
        }

        /** A JSON pointer into the body, as text ("" when absent). */
        public String at(String pointer) {
            JsonNode node = json().at(pointer);
            return node.isMissingNode() || node.isNull() ? "" : node.asString();
        }

        /** The stable problem code: "/problems/parley-id-taken" gives "parley-id-taken". */
        public String problem() {
            return at("/type").replace("/problems/", "");
        }

        public String header(String name) {
            return headers.firstValue(name).orElse(null);
        }

        @Override
        public String toString() {
            return status + " " + body;
        }
    }

    public Response get(String path, String token) {
        return send("GET", path, token, null, null);
    }

    public Response delete(String path, String token) {
        return send("DELETE", path, token, null, null);
    }

    public Response post(String path, String token, Object body) {
        return send("POST", path, token, "application/json", toJson(body));
    }

    public Response put(String path, String token, Object body) {
        return send("PUT", path, token, "application/json", toJson(body));
    }

    public Response patch(String path, String token, Object body) {
        return send("PATCH", path, token, "application/json", toJson(body));
    }

    /** A multipart/form-data upload of one file part. */
    public Response upload(String method, String path, String token, String part, String filename, String type,
            byte[] content) {
        String boundary = "----parley" + System.nanoTime();
        byte[] head = ("--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + part + "\"; filename=\""
                + filename + "\"\r\nContent-Type: " + type + "\r\n\r\n").getBytes(StandardCharsets.UTF_8);
        byte[] tail = ("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8);
        byte[] body = new byte[head.length + content.length + tail.length];
        System.arraycopy(head, 0, body, 0, head.length);
        System.arraycopy(content, 0, body, head.length, content.length);
        System.arraycopy(tail, 0, body, head.length + content.length, tail.length);
        return send(method, path, token, "multipart/form-data; boundary=" + boundary, body);
    }

    public Response send(String method, String path, String token, String contentType, byte[] body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(path.startsWith("http") ? path : base + path))
                .timeout(Duration.ofSeconds(30))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        if (contentType != null) {
            request.header("Content-Type", contentType);
        }
        try {
            HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            return new Response(response.statusCode(), response.headers(), response.body());
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public static String encode(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8);
    }

    static byte[] toJson(Object body) {
        if (body == null) {
            return null;
        }
        if (body instanceof String raw) {
            return raw.getBytes(StandardCharsets.UTF_8);
        }
        return json.writeValueAsBytes(body);
    }

    public static Map<String, Object> map(Object... keysAndValues) {
        var map = new java.util.LinkedHashMap<String, Object>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            map.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return map;
    }
}
