package io.parley.conversation;

import static org.assertj.core.api.Assertions.assertThat;

import io.parley.ParleyApplication;
import io.parley.support.Api;
import io.parley.support.IntegrationTest;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** Capacity is configuration; a full group refuses newcomers clearly, whichever way they come. */
@SpringBootTest(classes = ParleyApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@Import(IntegrationTest.TestBeans.class)
class GroupCapacityIT {
    @LocalServerPort
    int port;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        IntegrationTest.registerEngines(registry);
        registry.add("parley.conversation.max-group-members", () -> "3");
    }

    private String[] signUp(Api api, String name) {
        String tag = Long.toString(System.nanoTime(), 36);
        Api.Response response = api.post("/api/auth/local/sign-up", null, Api.map("email", tag + "@cap.example",
                "password", "long enough", "displayName", name, "parleyId", "cap" + tag));
        return new String[] {response.at("/userId"), response.at("/accessToken"), "cap" + tag};
    }

    @Test
    void aFullGroupRefusesNewcomers() {
        Api api = new Api(port);
        String[] owner = signUp(api, "Owner");
        Api.Response created = api.post("/api/groups", owner[1], Api.map("name", "Tiny"));
        String group = created.at("/id");
        String code = created.at("/groupId");
        for (int i = 0; i < 2; i++) {
            assertThat(api.post("/api/groups/join", signUp(api, "M" + i)[1], Api.map("groupId", code)).status()).isEqualTo(200);
        }
        String[] fourth = signUp(api, "Fourth");
        Api.Response full = api.post("/api/groups/join", fourth[1], Api.map("groupId", code));
        assertThat(full.status()).isEqualTo(409);
        assertThat(full.problem()).isEqualTo("group-full");

        // An invitation cannot get past the limit either.
        api.post("/api/friend-requests", owner[1], Api.map("parleyId", fourth[2]));
        String requestId = api.get("/api/friend-requests/incoming", fourth[1]).at("/0/id");
        api.post("/api/friend-requests/" + requestId + "/accept", fourth[1], null);
        api.post("/api/groups/" + group + "/invites", owner[1], Api.map("userIds", List.of(fourth[0])));
        assertThat(api.post("/api/group-invites/" + group + "/accept", fourth[1], null).problem()).isEqualTo("group-full");
        assertThat(api.get("/api/conversations/" + group, owner[1]).at("/memberCount")).isEqualTo("3");
    }
}
