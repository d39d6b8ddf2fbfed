/**
 * What the gateway and the features share, so that features never touch sockets: the WebSocket
 * protocol (docs/protocol.md) as types (what clients send, what the server sends, and the views
 * both carry, over REST too), the {@link io.parley.protocol.Delivery} that features publish when
 * users' devices should get a frame, the handlers features give for client frames, and the
 * connection events. Features build frames; the gateway only encodes and moves them.
 * Null-marked: a component that may be absent from the JSON says {@code @Nullable}, and the
 * OpenAPI document lists every other one as required.
 */
@NullMarked
package io.parley.protocol;

import org.jspecify.annotations.NullMarked;
