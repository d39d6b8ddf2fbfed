package io.parley.conversation;

import static org.assertj.core.api.Assertions.assertThat;

import io.parley.conversation.Conversation.JoinMode;
import io.parley.conversation.GroupPolicy.Action;
import io.parley.conversation.GroupPolicy.Decision;
import io.parley.conversation.Member.Role;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Every group permission, as a table: who (actor), on whom (target, "-" while not known yet), what, in which group. */
class GroupPolicyTest {

    @ParameterizedTest(name = "{0} -> {2} on {1} in an {3} group: {4}")
    @CsvSource(nullValues = "-", textBlock = """
            # actor  target  action               join mode  expected
            MEMBER,  -,      INVITE,              OPEN,      ALLOW
            MEMBER,  -,      INVITE,              APPROVAL,  ALLOW
            ADMIN,   -,      INVITE,              OPEN,      ALLOW
            OWNER,   -,      INVITE,              OPEN,      ALLOW
            -,       -,      INVITE,              OPEN,      NOT_A_MEMBER
            MEMBER,  -,      VIEW_JOIN_REQUESTS,  APPROVAL,  MANAGERS_ONLY
            ADMIN,   -,      VIEW_JOIN_REQUESTS,  APPROVAL,  ALLOW
            OWNER,   -,      VIEW_JOIN_REQUESTS,  APPROVAL,  ALLOW
            MEMBER,  -,      APPROVE_JOIN,        APPROVAL,  MANAGERS_ONLY
            ADMIN,   -,      APPROVE_JOIN,        APPROVAL,  ALLOW
            OWNER,   -,      APPROVE_JOIN,        APPROVAL,  ALLOW
            MEMBER,  -,      REJECT_JOIN,         APPROVAL,  MANAGERS_ONLY
            ADMIN,   -,      REJECT_JOIN,         APPROVAL,  ALLOW
            OWNER,   -,      REJECT_JOIN,         APPROVAL,  ALLOW
            -,       -,      APPROVE_JOIN,        APPROVAL,  NOT_A_MEMBER
            MEMBER,  -,      REMOVE_MEMBER,       OPEN,      MANAGERS_ONLY
            MEMBER,  MEMBER, REMOVE_MEMBER,       OPEN,      MANAGERS_ONLY
            ADMIN,   -,      REMOVE_MEMBER,       OPEN,      ALLOW
            ADMIN,   MEMBER, REMOVE_MEMBER,       OPEN,      ALLOW
            ADMIN,   ADMIN,  REMOVE_MEMBER,       OPEN,      PROTECTED_MEMBER
            ADMIN,   OWNER,  REMOVE_MEMBER,       OPEN,      PROTECTED_MEMBER
            OWNER,   MEMBER, REMOVE_MEMBER,       OPEN,      ALLOW
            OWNER,   ADMIN,  REMOVE_MEMBER,       OPEN,      ALLOW
            OWNER,   OWNER,  REMOVE_MEMBER,       OPEN,      PROTECTED_MEMBER
            MEMBER,  -,      MAKE_ADMIN,          OPEN,      OWNER_ONLY
            ADMIN,   -,      MAKE_ADMIN,          OPEN,      OWNER_ONLY
            ADMIN,   MEMBER, MAKE_ADMIN,          OPEN,      OWNER_ONLY
            OWNER,   -,      MAKE_ADMIN,          OPEN,      ALLOW
            OWNER,   MEMBER, MAKE_ADMIN,          OPEN,      ALLOW
            OWNER,   ADMIN,  MAKE_ADMIN,          OPEN,      ALLOW
            OWNER,   OWNER,  MAKE_ADMIN,          OPEN,      OWNER_ROLE_FIXED
            ADMIN,   ADMIN,  MAKE_MEMBER,         OPEN,      OWNER_ONLY
            OWNER,   ADMIN,  MAKE_MEMBER,         OPEN,      ALLOW
            OWNER,   MEMBER, MAKE_MEMBER,         OPEN,      ALLOW
            OWNER,   OWNER,  MAKE_MEMBER,         OPEN,      OWNER_ROLE_FIXED
            MEMBER,  MEMBER, HAND_OVER,           OPEN,      OWNER_ONLY
            ADMIN,   MEMBER, HAND_OVER,           OPEN,      OWNER_ONLY
            OWNER,   MEMBER, HAND_OVER,           OPEN,      ALLOW
            OWNER,   ADMIN,  HAND_OVER,           OPEN,      ALLOW
            MEMBER,  -,      EDIT_GROUP,          OPEN,      MANAGERS_ONLY
            ADMIN,   -,      EDIT_GROUP,          OPEN,      ALLOW
            OWNER,   -,      EDIT_GROUP,          APPROVAL,  ALLOW
            MEMBER,  -,      CHANGE_PICTURE,      OPEN,      MANAGERS_ONLY
            ADMIN,   -,      CHANGE_PICTURE,      OPEN,      ALLOW
            OWNER,   -,      CHANGE_PICTURE,      OPEN,      ALLOW
            MEMBER,  -,      REGENERATE_GROUP_ID, OPEN,      MANAGERS_ONLY
            ADMIN,   -,      REGENERATE_GROUP_ID, OPEN,      ALLOW
            OWNER,   -,      REGENERATE_GROUP_ID, OPEN,      ALLOW
            -,       -,      EDIT_GROUP,          OPEN,      NOT_A_MEMBER
            MEMBER,  -,      LEAVE,               OPEN,      ALLOW
            ADMIN,   -,      LEAVE,               OPEN,      ALLOW
            OWNER,   -,      LEAVE,               OPEN,      ALLOW
            -,       -,      LEAVE,               OPEN,      NOT_A_MEMBER
            -,       -,      JOIN_BY_GROUP_ID,    OPEN,      ALLOW
            -,       -,      JOIN_BY_GROUP_ID,    APPROVAL,  ASK_APPROVAL
            MEMBER,  -,      JOIN_BY_GROUP_ID,    APPROVAL,  ALLOW
            ADMIN,   -,      JOIN_BY_GROUP_ID,    APPROVAL,  ALLOW
            """)
    void decidesEveryGroupPermissionFromRolesAndSettings(Role actor, Role target, Action action, JoinMode joinMode,
            Decision expected) {
        assertThat(GroupPolicy.decide(actor, target, action, joinMode)).isEqualTo(expected);
    }
    @Test
    void onlyAnOwnerWhoLeavesHandsTheGroupOver() {
        assertThat(GroupPolicy.handsOverOnLeave(Role.OWNER)).isTrue();
        assertThat(GroupPolicy.handsOverOnLeave(Role.ADMIN)).isFalse();
        assertThat(GroupPolicy.handsOverOnLeave(Role.MEMBER)).isFalse();
    }
}