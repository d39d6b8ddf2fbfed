-- Users, sign-in and friends. Ids are 64-bit time-ordered numbers made by the server
-- (io.parley.platform.id.IdGenerator), never sequences, so nodes need no coordination.

create table users (
    id            bigint primary key,
    parley_id     text        not null,
    display_name  text        not null,
    introduction  text        not null default '',
    avatar_key    text,
    email         text,
    status        text        not null default 'active' check (status in ('active', 'suspended', 'banned')),
    -- Normalised (NFKC, lower-case) copies for search, and their bigrams for substring search
    -- in any script: "小明" finds "王小明" through the bigram {小明}.
    search_name   text        not null,
    search_grams  text[]      not null,
    created_at    timestamptz not null,
    updated_at    timestamptz not null
);
-- Case-insensitive uniqueness; text_pattern_ops also serves prefix search (LIKE 'ab%').
create unique index users_parley_id_key on users (lower(parley_id) text_pattern_ops);
create unique index users_email_key on users (lower(email)) where email is not null;
create index users_search_name_prefix on users (search_name text_pattern_ops);
create index users_search_grams on users using gin (search_grams);

create table local_credentials (
    user_id        bigint primary key references users (id) on delete cascade,
    email          text        not null,
    password_hash  text        not null,
    created_at     timestamptz not null,
    updated_at     timestamptz not null
);
create unique index local_credentials_email_key on local_credentials (lower(email));

-- A Google or Facebook account; the same (provider, subject) always maps to the same user.
create table external_identities (
    provider    text        not null,
    subject     text        not null,
    user_id     bigint      not null references users (id) on delete cascade,
    email       text,
    created_at  timestamptz not null,
    primary key (provider, subject)
);
create index external_identities_user on external_identities (user_id);

-- One row per signed-in device: the family of its refresh tokens.
create table device_sessions (
    id                 bigint primary key,
    user_id            bigint      not null references users (id) on delete cascade,
    device_name        text        not null,
    created_at         timestamptz not null,
    last_refreshed_at  timestamptz not null,
    revoked_at         timestamptz,
    revoke_reason      text
);
create index device_sessions_user_active on device_sessions (user_id) where revoked_at is null;
create index device_sessions_revoked_at on device_sessions (revoked_at) where revoked_at is not null;

-- Only SHA-256 hashes of refresh tokens are kept. A rotated token stays (rotated_at set) so
-- that its reuse is recognised and revokes the whole family.
create table refresh_tokens (
    token_hash  bytea primary key,
    session_id  bigint      not null references device_sessions (id) on delete cascade,
    issued_at   timestamptz not null,
    expires_at  timestamptz not null,
    rotated_at  timestamptz
);
create index refresh_tokens_session on refresh_tokens (session_id);
create index refresh_tokens_expires_at on refresh_tokens (expires_at);

-- The browser sign-in flow with Google/Facebook: the state we sent, its PKCE verifier and nonce,
-- and the app's own challenge for the one-time code it will exchange afterwards.
create table oauth_states (
    state             text primary key,
    provider          text        not null,
    code_verifier     text        not null,
    nonce             text        not null,
    client_challenge  text        not null,
    return_to         text        not null,
    expires_at        timestamptz not null
);

-- One-time codes that hand a finished browser sign-in to the app (hashed, short-lived).
create table sign_in_handoffs (
    code_hash         bytea primary key,
    user_id           bigint      not null references users (id) on delete cascade,
    client_challenge  text        not null,
    expires_at        timestamptz not null
);

create table friend_requests (
    id            bigint primary key,
    from_user     bigint      not null references users (id) on delete cascade,
    to_user       bigint      not null references users (id) on delete cascade,
    status        text        not null check (status in ('pending', 'accepted', 'declined', 'cancelled')),
    created_at    timestamptz not null,
    responded_at  timestamptz,
    check (from_user <> to_user)
);
-- At most one pending request per direction; lists of pending requests per user, newest first.
create unique index friend_requests_pending_pair on friend_requests (from_user, to_user) where status = 'pending';
create index friend_requests_incoming on friend_requests (to_user, id desc) where status = 'pending';
create index friend_requests_outgoing on friend_requests (from_user, id desc) where status = 'pending';

-- Symmetric: a friendship is two rows, so "my friends" is one index range.
create table friendships (
    user_id    bigint      not null references users (id) on delete cascade,
    friend_id  bigint      not null references users (id) on delete cascade,
    since      timestamptz not null,
    primary key (user_id, friend_id)
);

create table blocks (
    blocker_id  bigint      not null references users (id) on delete cascade,
    blocked_id  bigint      not null references users (id) on delete cascade,
    created_at  timestamptz not null,
    primary key (blocker_id, blocked_id)
);
create index blocks_blocked on blocks (blocked_id);
