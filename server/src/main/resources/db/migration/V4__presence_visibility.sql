-- Who sees a user's online status and last seen: their friends (the default) or nobody. A
-- person who chose nobody sees no one's either (reciprocal, as in WhatsApp).
alter table users add column presence_visibility text not null default 'friends'
    check (presence_visibility in ('friends', 'nobody'));
