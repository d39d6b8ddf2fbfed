package io.parley.platform.web;

import io.parley.support.IntegrationTest;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * The app's types are generated from client/src/api/openapi.json (REST and WebSocket frames), so
 * that file must be what this server describes: a change to a controller or a frame that is not
 * carried to the app fails here. -Dparley.openapi.write=true rewrites the file instead.
 */
class OpenApiContractIT extends IntegrationTest {
    static final Path CHECKED_IN = Path.of("..", "client", "src", "api", "openapi.json");
    private static final JsonMapper json = JsonMapper.builder()
            .enable(SerializationFeature.INDENT_OUTPUT)
            .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
            .build();

    @Test
    void theAppsCheckedInContractIsWhatTheServerDescribes() throws IOException, InterruptedException {
        String served = normalized(document());

        if (Boolean.getBoolean("parley.openapi.write")) {
            Files.writeString(CHECKED_IN, served, StandardCharsets.UTF_8);
            return;
        }
        String checkedIn = Files.exists(CHECKED_IN) ? Files.readString(CHECKED_IN, StandardCharsets.UTF_8) : "";
        if (!checkedIn.equals(served)) {
            fail("client/src/api/openapi.json is not what the server describes (" + firstDifference(checkedIn, served)
                    + "). Regenerate it and the app's types (docs/client.md, 'The API contract'): "
                    + "./mvnw -B -pl server -Dskip.client verify -Dtest=none -Dit.test=OpenApiContractIT "
                    + "-Dparley.openapi.write=true -Dsurefire.failIfNoSpecifiedTests=false && (cd client && npm run generate:api)");
        }
    }

    @Test
    void everyFrameIsInTheContractWithItsTypeAsDiscriminator() throws IOException, InterruptedException {
        Map<String, Object> document = json.readValue(document(), Map.class);
        Map<String, Object> schemas = at(document, "components", "schemas");
        Map<String, Object> server = at(schemas, "ServerFrame");
        assertThat(at(server, "discriminator")).containsEntry("propertyName", "type");
        Map<String, Object> mapping = at(server, "discriminator", "mapping");
        assertThat(mapping).containsKeys("hello", "message", "group-invite", "join-request");
        assertThat(mapping.get("group-invite")).isEqualTo("#/components/schemas/ServerGroupInviteFrame");
        Map<String, Object> invite = at(schemas, "ServerGroupInviteFrame");
        assertThat((List<String>) invite.get("required")).containsExactlyInAnyOrder("type", "conversationId", "inviterId");
        assertThat(at(schemas, "ClientFrame", "discriminator", "mapping")).containsKeys("send", "read", "ping");
    }

    private static String firstDifference(String checkedIn, String served) {
        String[] a = checkedIn.split("\n", -1);
        String[] b = served.split("\n", -1);
        int line = 0;
        while (line < a.length && line < b.length && a[line].equals(b[line])) {
            line++;
        }
        return "line " + (line + 1) + ": checked in " + (line < a.length ? "'" + a[line].strip() + "'" : "nothing")
                + ", served " + (line < b.length ? "'" + b[line].strip() + "'" : "nothing");
    }

    /** The document; its first build scans every controller, which takes long on a busy machine. */
    private String document() throws IOException, InterruptedException {
        HttpResponse<String> answer = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create(api.base() + "/v3/api-docs")).timeout(Duration.ofMinutes(3)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
        return answer.body();
    }

    /** Sorted keys, two-space indentation, no server address (the port differs every run). */
    @SuppressWarnings("unchecked")
    static String normalized(String body) {
        Map<String, Object> document = json.readValue(body, Map.class);
        document.remove("servers");
        Object tags = document.get("tags");
        if (tags instanceof List<?> list) {
            document.put("tags", list.stream().map(t -> (Map<String, Object>) t)
                    .sorted(Comparator.comparing(t -> String.valueOf(t.get("name")))).toList());
        }
        return json.writeValueAsString(document) + "\n";
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> at(Map<String, Object> node, String... path) {
        Map<String, Object> current = node;
        for (String key : path) {
            current = (Map<String, Object>) current.get(key);
        }
        return current;
    }
}
