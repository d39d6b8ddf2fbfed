/**
 * The WebSocket protocol (docs/protocol.md) as types: what clients send, what the server sends,
 * and the views both carry. Features build these; the gateway only moves them. Null-marked: a
 * component that may be absent from the JSON says {@code @Nullable}, and the OpenAPI document
 * lists every other one as required.
 */
@NamedInterface("protocol")
@NullMarked
package io.parley.gateway.protocol;

import org.jspecify.annotations.NullMarked;
import org.springframework.modulith.NamedInterface;
