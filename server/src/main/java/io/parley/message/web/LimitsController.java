package io.parley.message.web;

import io.parley.message.MessageProperties;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.jspecify.annotations.NullMarked;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/** The server's settings an app needs to shape its screens, so it never hard-codes them. */
@RestController
@Tag(name = "Messages")
class LimitsController {
    private final MessageProperties properties;

    LimitsController(MessageProperties properties) {
        this.properties = properties;
    }

    /**
     * @param unsendWindowSeconds how long after sending the sender may unsend (parley.message.unsend-window)
     * @param maxMessageLength    the longest body, in characters (parley.message.max-length)
     */
    @NullMarked
    record Limits(long unsendWindowSeconds, int maxMessageLength) {
    }

    @GetMapping("/api/limits")
    @Operation(summary = "Limits of this server the app shows: the unsend window, the longest message")
    Limits limits() {
        return new Limits(properties.unsendWindow().toSeconds(), properties.maxLength());
    }
}
