-- Issue 8: the events table partitioned by month, search columns and indexes on complaint_state, and the
-- tables reports read (crews, shifts, SLA outcomes). Names stay unqualified: the connection's schema is
-- SIAGA_DB_SCHEMA.

-- 1. events, partitioned by month of occurred_at (UTC months). A partitioned table's primary key must include
-- the partition key, so event-id uniqueness moves to event_ids, which the archive writes in the same
-- transaction as the event: INSERT INTO event_ids ... ON CONFLICT DO NOTHING RETURNING says which events are new.
-- Monthly partitions are named events_YYYY_MM; siaga.archive.ingest.EventPartitions creates them ahead and on
-- demand, and a row whose month has no partition lands in events_default, so no row is ever refused.
alter table events rename to events_v1;
alter index events_by_complaint rename to events_v1_by_complaint;

create table events (
    event_id       uuid        not null,
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
) partition by range (occurred_at);

create table events_default partition of events default;

do $$
declare
    month timestamp;
begin
    for month in select distinct date_trunc('month', occurred_at at time zone 'UTC') from events_v1 loop
        execute format('create table %I partition of events for values from (%L) to (%L)',
                       'events_' || to_char(month, 'YYYY_MM'),
                       month at time zone 'UTC', (month + interval '1 month') at time zone 'UTC');
    end loop;
end
$$;

insert into events select * from events_v1;

create table event_ids (
    event_id uuid primary key
);

insert into event_ids select event_id from events_v1;

drop table events_v1;

-- a complaint's timeline: its events in the order they happened (one index per partition)
create index events_by_complaint on events (complaint_id, occurred_at) where complaint_id is not null;

-- 2. complaint search. reporter_phone holds the digits of the reporter's phone with a leading 0 read as
-- Indonesia's 62 ("0812-3456" and "+62 812 3456" are both 628123456): personal data, for operators' search only.
-- district is the kecamatan complaint.reported (version 2) placed the complaint in; null on version 1 reports.
alter table complaint_state add column district text;
alter table complaint_state add column reporter_phone text;

update complaint_state s
set district = d.district,
    reporter_phone = case when d.digits like '0%' then '62' || substr(d.digits, 2) else d.digits end
from (select complaint_id, payload #>> '{data,district}' as district,
             regexp_replace(payload #>> '{data,reporter,phone}', '[^0-9]', '', 'g') as digits
      from events where type = 'complaint.reported') d
where d.complaint_id = s.complaint_id;

-- A complaint is searchable once its report is archived (reported_at set). Pages are read newest (or oldest)
-- first along an index ending with (reported_at, complaint_id), the sort key and cursor. Indexed are the columns
-- the report sets once (ticket, category, department, district, phone) and the crew, which the dispatch sets,
-- but not the status, which every step changes: a row is rewritten at every step of its complaint, and an
-- update that changes no indexed column, with room on its page (fillfactor), is a HOT update that touches no
-- index. A search by status reads the jurisdiction's index in order and filters: each status is a large share.
alter table complaint_state set (fillfactor = 80);
create index complaint_state_by_reported on complaint_state (jurisdiction, reported_at, complaint_id)
    where reported_at is not null;
create index complaint_state_by_category on complaint_state (jurisdiction, category, reported_at, complaint_id)
    where reported_at is not null;
create index complaint_state_by_department on complaint_state (jurisdiction, department, reported_at, complaint_id)
    where reported_at is not null;
create index complaint_state_by_district on complaint_state (jurisdiction, district, reported_at, complaint_id)
    where reported_at is not null;
create index complaint_state_by_crew on complaint_state (jurisdiction, crew_id, reported_at, complaint_id)
    where reported_at is not null;
create index complaint_state_by_phone on complaint_state (reporter_phone) where reporter_phone is not null;

-- 3. crews and their shifts, a fold over the crews topic in each crew's partition order
-- (siaga.archive.crew.CrewState). Filled from the crews topic; history archived before this migration is
-- folded in by `siaga archive --rebuild`.
create table crews (
    crew_id          text        primary key,
    jurisdiction     text        not null,
    department       text,                 -- that of the latest shift event
    on_shift         boolean     not null,
    shift_id         uuid,                 -- the open shift, null when off shift
    updated_at       timestamptz not null, -- when the latest crew event folded in happened
    last_event_id    uuid        not null
);

-- One row per shift: from a ShiftStarted (whose event id is the shift's id) to the ShiftEnded that closes it.
create table shifts (
    shift_id     uuid        primary key,
    crew_id      text        not null,
    jurisdiction text        not null,
    department   text        not null,
    started_at   timestamptz not null,
    ended_at     timestamptz,          -- null while the shift is open
    end_event_id uuid
);

create index shifts_by_time on shifts (jurisdiction, started_at);
create index shifts_by_crew on shifts (crew_id) where ended_at is null;

-- 4. SLA outcomes: one row per event of the sla topic, as the SLA monitor published it. A stage met late has
-- two rows: its breach (when the target passed) and its completion (within_target false).
create table sla_outcomes (
    event_id       uuid        primary key,
    complaint_id   uuid        not null,
    jurisdiction   text        not null,
    stage          text        not null check (stage in ('dispatch', 'acknowledge', 'resolve')),
    outcome        text        not null check (outcome in ('met', 'breached')),
    category       text        not null,
    department     text        not null,
    started_at     timestamptz not null,
    target_millis  bigint      not null,
    completed_at   timestamptz,          -- met only
    elapsed_millis bigint,               -- met only
    within_target  boolean,              -- met only
    due_at         timestamptz,          -- breached only
    occurred_at    timestamptz not null,
    check ((outcome = 'met') = (completed_at is not null and elapsed_millis is not null and within_target is not null)),
    check ((outcome = 'breached') = (due_at is not null))
);

create index sla_outcomes_met on sla_outcomes (jurisdiction, completed_at) where outcome = 'met';
create index sla_outcomes_breached on sla_outcomes (jurisdiction, due_at) where outcome = 'breached';

insert into sla_outcomes
select event_id, complaint_id, jurisdiction, payload #>> '{data,stage}',
       case type when 'stage.met' then 'met' else 'breached' end,
       payload #>> '{data,category}', payload #>> '{data,department}',
       (payload #>> '{data,startedAt}')::timestamptz, (payload #>> '{data,targetMillis}')::bigint,
       (payload #>> '{data,completedAt}')::timestamptz, (payload #>> '{data,elapsedMillis}')::bigint,
       (payload #>> '{data,withinTarget}')::boolean, (payload #>> '{data,dueAt}')::timestamptz, occurred_at
from events
where topic = 'sla';
