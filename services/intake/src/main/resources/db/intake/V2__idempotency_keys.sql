-- Idempotency keys of operator requests (header Idempotency-Key). A row is claimed (response_status null)
-- before the request is carried out and completed with the response afterwards, so a retry with the same key
-- replays the first response instead of writing a second event. request_sha256 is the SHA-256 of method,
-- path and body: the same key with another request is refused. A request that failed leaves no row.
create table idempotency_key (
    key             text        not null,
    scope           text        not null,
    request_sha256  text        not null,
    response_status int         check (response_status between 100 and 599),
    response_body   text,
    location        text,
    created_at      timestamptz not null,
    completed_at    timestamptz,
    primary key (scope, key)
);
