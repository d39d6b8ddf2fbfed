package io.parley.conversation;

import io.parley.conversation.Conversation.JoinMode;
import io.parley.conversation.Member.Role;

/**
 * Who may do what in a group, decided from roles and the group's settings alone (no I/O), so
 * every rule sits in one table that a unit test reads row by row. The services look the roles
 * up and turn a refusal into a problem.
 */
final class GroupPolicy {

    private GroupPolicy() {
    }

    enum Action {
        /** Invite friends (any member). */
        INVITE,
        /** See, approve or turn down requests to join (owner and admins). */
        VIEW_JOIN_REQUESTS, APPROVE_JOIN, REJECT_JOIN,
        /** Remove someone: admins remove members, only the owner removes admins, nobody the owner. */
        REMOVE_MEMBER,
        /** The owner makes members admins and admins members; the owner's own role only changes by handing over. */
        MAKE_ADMIN, MAKE_MEMBER,
        /** The owner hands the group over to another member. */
        HAND_OVER,
        /** Rename, change how people join, set or remove the picture, a new group ID (owner and admins). */
        EDIT_GROUP, CHANGE_PICTURE, REGENERATE_GROUP_ID,
        /** Anyone leaves; an owner hands over to the longest-serving admin, else member ({@link #handsOverOnLeave}). */
        LEAVE,
        /** Use the group ID: open groups let people in, groups that want approval take a request. */
        JOIN_BY_GROUP_ID
    }

    enum Decision {
        ALLOW,
        /** Joining waits for an owner's or admin's approval. */
        ASK_APPROVAL,
        NOT_A_MEMBER,
        MANAGERS_ONLY,
        OWNER_ONLY,
        /** The target is out of the actor's reach: the owner, or an admin for an admin. */
        PROTECTED_MEMBER,
        /** The owner's role changes only by handing the group over. */
        OWNER_ROLE_FIXED
    }

    /**
     * @param actor    the actor's role as an active member, null for someone outside the group
     * @param target   the role of the member acted on, null when there is none or it is not known yet
     *                 (the actor's part is decided first, the target's once it is looked up)
     * @param joinMode the group's setting for joining
     */
    static Decision decide(Role actor, Role target, Action action, JoinMode joinMode) {
        if (action == Action.JOIN_BY_GROUP_ID) {
            return actor != null || joinMode == JoinMode.OPEN ? Decision.ALLOW : Decision.ASK_APPROVAL;
        }
        if (actor == null) {
            return Decision.NOT_A_MEMBER;
        }
        return switch (action) {
            case INVITE, LEAVE -> Decision.ALLOW;
            case VIEW_JOIN_REQUESTS, APPROVE_JOIN, REJECT_JOIN, EDIT_GROUP, CHANGE_PICTURE, REGENERATE_GROUP_ID ->
                    manages(actor) ? Decision.ALLOW : Decision.MANAGERS_ONLY;
            case REMOVE_MEMBER -> !manages(actor) ? Decision.MANAGERS_ONLY
                    : target == Role.OWNER || (target == Role.ADMIN && actor != Role.OWNER) ? Decision.PROTECTED_MEMBER
                    : Decision.ALLOW;
            case MAKE_ADMIN, MAKE_MEMBER -> actor != Role.OWNER ? Decision.OWNER_ONLY
                    : target == Role.OWNER ? Decision.OWNER_ROLE_FIXED
                    : Decision.ALLOW;
            case HAND_OVER -> actor == Role.OWNER ? Decision.ALLOW : Decision.OWNER_ONLY;
            case JOIN_BY_GROUP_ID -> throw new IllegalStateException("decided above");
        };
    }

    /** Whether someone leaving in this role passes ownership on. */
    static boolean handsOverOnLeave(Role leaving) {
        return leaving == Role.OWNER;
    }

    private static boolean manages(Role role) {
        return role == Role.OWNER || role == Role.ADMIN;
    }
}
