package io.parley.message;

import static org.assertj.core.api.Assertions.assertThat;

import io.parley.support.Api;
import io.parley.support.IntegrationTest;
import io.parley.support.TestUser;
import io.parley.support.WsClient;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

class UnsendIT extends IntegrationTest {

    @Test
    void unsendWithinTheHourLeavesAPlaceholderEverywhere() {
        TestUser ana = signUp("Ana");
        TestUser anaLaptop = newDevice(ana, "Laptop");
        TestUser bo = signUp("Bo");
        String chat = directChat(ana, bo);
        String id = sendRest(ana, chat, "oops, wrong chat").at("/id");

        // 59 minutes on: the access tokens of then have expired; the devices come back with fresh ones.
        clock.advance(Duration.ofMinutes(59));
        TestUser phoneNow = refreshed(ana);
        TestUser boNow = refreshed(bo);
        try (WsClient phone = connect(phoneNow); WsClient laptop = connect(refreshed(anaLaptop));
                WsClient boSocket = connect(boNow)) {
            String unsendId = phone.nextId();
            phone.send(Api.map("type", "unsend", "id", unsendId, "conversationId", chat, "messageId", id));
            assertThat(phone.awaitReply(unsendId).path("type").asString()).isEqualTo("ok");

            for (WsClient device : new WsClient[] {boSocket, laptop, phone}) {
                JsonNode unsent = device.await("unsent", f -> f.path("messageId").asString().equals(id));
                assertThat(unsent.path("senderId").asString()).isEqualTo(ana.idString());
                assertThat(unsent.path("unsentAt").asString()).isNotEmpty();
            }
        }
        // The body is gone from storage; the tombstone keeps its place in history and in the peek.
        JsonNode tombstone = api.get("/api/conversations/" + chat + "/messages", boNow.accessToken()).json().at("/messages/0");
        assertThat(tombstone.has("body")).isFalse();
        assertThat(tombstone.path("unsentAt").asString()).isNotEmpty();
        assertThat(api.get("/api/conversations/" + chat, boNow.accessToken()).at("/lastMessage/unsentAt")).isNotEmpty();

        // Twice is harmless.
        Api.Response again = api.delete("/api/conversations/" + chat + "/messages/" + id, phoneNow.accessToken());
        assertThat(again.status()).isEqualTo(200);
        assertThat(again.json().has("body")).isFalse();
    }

    @Test
    void afterTheWindowItIsRefused() {
        TestUser ana = signUp("Ana");
        TestUser bo = signUp("Bo");
        String chat = directChat(ana, bo);
        String id = sendRest(ana, chat, "too late to take back").at("/id");
        clock.advance(Duration.ofMinutes(61));
        Api.Response late = api.delete("/api/conversations/" + chat + "/messages/" + id, refreshed(ana).accessToken());
        assertThat(late.status()).isEqualTo(409);
        assertThat(late.problem()).isEqualTo("unsend-window-passed");
        assertThat(api.get("/api/conversations/" + chat + "/messages", refreshed(bo).accessToken()).at("/messages/0/body"))
                .isEqualTo("too late to take back");
    }

    @Test
    void onlyTheSenderUnsends() {
        TestUser ana = signUp("Ana");
        TestUser bo = signUp("Bo");
        String chat = directChat(ana, bo);
        String id = sendRest(ana, chat, "mine").at("/id");
        assertThat(api.delete("/api/conversations/" + chat + "/messages/" + id, bo.accessToken()).problem())
                .isEqualTo("not-your-message");
        assertThat(api.delete("/api/conversations/" + chat + "/messages/999", ana.accessToken()).problem())
                .isEqualTo("message-not-found");
        assertThat(api.get("/api/conversations/" + chat + "/messages", bo.accessToken()).at("/messages/0/body")).isEqualTo("mine");
    }
}
