package io.parley.conversation;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * @param maxGroupMembers how many people a group holds (the requirement is at least 100)
 */
@ConfigurationProperties("parley.conversation")
record ConversationProperties(@DefaultValue("1000") int maxGroupMembers) {
}
