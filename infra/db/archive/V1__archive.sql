-- The archive's tables. Every row here is written in one transaction together with the consumer_offsets row
-- of the Kafka partition it came from, so that after any crash the archive resumes exactly where its
-- committed data ends: nothing is archived twice and nothing is missed. Names are unqualified: the
-- connection's schema is SIAGA_DB_SCHEMA.

-- Every event of complaints, dispatch, field, crews and sla, as received.
create table events (
    event_id       uuid        primary key,
    type           text        not null,
    schema_version integer     not null,
    occurred_at    timestamptz not null,
    jurisdiction   text        not null,
    subject_id     text        not null,
    complaint_id   uuid,                 -- the subject on the complaint-keyed topics; null on crews
    crew_id        text,                 -- the crew the event names, if any
    actor_role     text        not null,
    actor_id       text        not null,
    correlation_id text        not null,
    topic          text        not null,
    partition      integer     not null,
    "offset"       bigint      not null,
    payload        jsonb       not null, -- the whole envelope
    archived_at    timestamptz not null
);

-- a complaint's timeline: its events in the order they happened
create index events_by_complaint on events (complaint_id, occurred_at) where complaint_id is not null;

-- The current state of every complaint: a fold over its lifecycle events (siaga.archive.complaint.ComplaintState).
-- Columns other than the key, status and the last event stay null until an event that sets them is archived:
-- the topics are read independently, so a dispatch may be archived before the report it follows.
create table complaint_state (
    complaint_id    uuid        primary key,
    ticket          text        unique,
    jurisdiction    text        not null,
    category        text,
    department      text,
    priority        smallint,
    status          text        not null
        check (status in ('reported', 'queued', 'dispatched', 'acknowledged', 'resolved')),
    crew_id         text,
    reported_at     timestamptz,
    dispatched_at   timestamptz,
    acknowledged_at timestamptz,
    resolved_at     timestamptz,
    updated_at      timestamptz not null, -- when the latest event folded in happened (event time, stable on replay)
    last_event_id   uuid        not null
);

-- Every record of the dead-letter topic. A record there that is not itself a readable dead letter is kept
-- too, with null source columns and a reason saying why.
create table dead_letters (
    dead_letter_partition integer     not null,
    dead_letter_offset    bigint      not null,
    source_topic          text,
    source_partition      integer,
    source_offset         bigint,
    record_key            text,
    raw_value             text,
    reason                text        not null,
    service               text,
    failed_at             timestamptz,
    archived_at           timestamptz not null,
    primary key (dead_letter_partition, dead_letter_offset)
);

create index dead_letters_by_source on dead_letters (source_topic, source_partition, source_offset);

-- Where the archive resumes in each partition. The only place its offsets live: nothing is committed to Kafka.
create table consumer_offsets (
    topic       text    not null,
    partition   integer not null,
    next_offset bigint  not null,
    primary key (topic, partition)
);
