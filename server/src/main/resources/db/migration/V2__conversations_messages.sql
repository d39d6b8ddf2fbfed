-- Conversations, members, messages, read state, presence.
--
-- Sync ("what changed since my cursor") rests on changed_txid: every row a client must learn
-- about carries the id of the transaction that last changed it. A sync returns rows whose
-- changed_txid lies between the previous and the current snapshot xmin; everything below xmin
-- has committed or rolled back, so a slow transaction that commits late is picked up by the
-- next sync instead of being skipped (ids or timestamps alone would skip it).

create table conversations (
    id            bigint primary key,
    kind          text        not null check (kind in ('direct', 'group')),
    name          text,
    avatar_key    text,
    -- The shareable, unguessable "group ID" people join with; null for direct conversations.
    group_code    text,
    join_mode     text        not null default 'open' check (join_mode in ('open', 'approval')),
    -- "<lower user id>:<higher user id>": exactly one direct conversation per pair.
    direct_key    text,
    member_count  integer     not null default 0,
    created_by    bigint      not null references users (id),
    created_at    timestamptz not null,
    updated_at    timestamptz not null,
    changed_txid  xid8        not null default pg_current_xact_id()
);
create unique index conversations_direct_key on conversations (direct_key) where direct_key is not null;
create unique index conversations_group_code on conversations (group_code) where group_code is not null;

create table conversation_members (
    conversation_id    bigint      not null references conversations (id) on delete cascade,
    user_id            bigint      not null references users (id) on delete cascade,
    role               text        not null check (role in ('owner', 'admin', 'member')),
    state              text        not null check (state in ('active', 'left', 'removed')),
    joined_at          timestamptz not null,
    -- The lowest message id this member may see: history starts when they joined.
    visible_from       bigint      not null,
    left_at            timestamptz,
    -- One read cursor per member, not one row per message per reader.
    last_read_id       bigint      not null default 0,
    read_at            timestamptz,
    last_delivered_id  bigint      not null default 0,
    -- Membership changes (joined, left, role) and cursor moves are synced separately.
    changed_txid       xid8        not null default pg_current_xact_id(),
    read_txid          xid8        not null default pg_current_xact_id(),
    primary key (conversation_id, user_id)
);
-- "My conversations": one index range per user.
create index conversation_members_user on conversation_members (user_id, conversation_id);

-- No foreign keys on the hottest table: conversations and users are never deleted while
-- their messages live, and each key check would cost an index probe per message.
create table messages (
    conversation_id    bigint      not null,
    id                 bigint      not null,
    sender_id          bigint      not null,
    client_message_id  text        not null,
    kind               text        not null,
    body               text,
    system             jsonb,
    -- A 1:1 message from someone the other person blocked: stored, never shown to them.
    hidden_from        bigint,
    created_at         timestamptz not null,
    unsent_at          timestamptz,
    changed_txid       xid8        not null default pg_current_xact_id(),
    -- History, peeks and unread counts are index ranges of (conversation, id).
    primary key (conversation_id, id)
);
-- Idempotent send: one message per (sender, client message id).
create unique index messages_client_id on messages (sender_id, client_message_id);
-- Sync: the changes of one conversation within a snapshot range.
create index messages_changes on messages (conversation_id, changed_txid);

-- 1:1 only: when the reader moved their cursor, so "Read at 9:05" can be shown per message.
create table read_marks (
    conversation_id  bigint      not null,
    reader_id        bigint      not null,
    up_to_id         bigint      not null,
    read_at          timestamptz not null,
    primary key (conversation_id, reader_id, up_to_id)
);

create table group_invites (
    conversation_id  bigint      not null references conversations (id) on delete cascade,
    invitee_id       bigint      not null references users (id) on delete cascade,
    inviter_id       bigint      not null references users (id) on delete cascade,
    created_at       timestamptz not null,
    primary key (conversation_id, invitee_id)
);
create index group_invites_invitee on group_invites (invitee_id);

create table group_join_requests (
    conversation_id  bigint      not null references conversations (id) on delete cascade,
    user_id          bigint      not null references users (id) on delete cascade,
    created_at       timestamptz not null,
    primary key (conversation_id, user_id)
);

-- Written when someone goes offline (once per disconnect, never per heartbeat).
create table presence_last_seen (
    user_id       bigint      primary key references users (id) on delete cascade,
    last_seen_at  timestamptz not null
);
