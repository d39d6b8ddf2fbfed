/**
 * Shared plumbing: errors, security, ids, time, the event bus, blob storage, rate limits and
 * database wiring. An open module: every feature may use any of it, and it uses no feature.
 */
@ApplicationModule(type = ApplicationModule.Type.OPEN)
package io.parley.platform;

import org.springframework.modulith.ApplicationModule;
