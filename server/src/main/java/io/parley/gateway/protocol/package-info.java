/**
 * The WebSocket protocol (docs/protocol.md) as types: what clients send, what the server sends,
 * and the views both carry. Features build these; the gateway only moves them.
 */
@NamedInterface("protocol")
package io.parley.gateway.protocol;

import org.springframework.modulith.NamedInterface;
