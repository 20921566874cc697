-- Issue 8, continued: sla_outcomes holds every event of the sla topic, stage.at-risk and stage.corrected too, each
-- with where it was read. The SLA monitor derives an outcome's event id from complaint, type and stage, so a
-- re-measurement (the monitor replayed after a policy change) comes with the id of the outcome it re-measures:
-- events and event_ids keep the first copy, sla_outcomes takes the newer copy (a later offset of the complaint's
-- partition) when it says something else, and sla_remeasurements keeps each copy so taken.
-- Reports: a correction replaces the outcome it names (corrects_event_id); see siaga.archive.report.ReportReader.
alter table sla_outcomes drop constraint sla_outcomes_outcome_check;
alter table sla_outcomes drop constraint sla_outcomes_check;
alter table sla_outcomes drop constraint sla_outcomes_check1;

alter table sla_outcomes
    add column corrects_event_id uuid,    -- corrected only: the outcome it replaces
    add column source_partition  integer, -- where the copy in this row was read on the sla topic
    add column source_offset     bigint;

-- refilled from the archived events, which hold the first copy of each: what the rows held, plus the at-risk
-- and corrected outcomes V2 left out
delete from sla_outcomes;
insert into sla_outcomes (event_id, complaint_id, jurisdiction, stage, outcome, category, department, started_at,
                          target_millis, completed_at, elapsed_millis, within_target, due_at, occurred_at,
                          corrects_event_id, source_partition, source_offset)
select event_id, complaint_id, jurisdiction, payload #>> '{data,stage}',
       case type when 'stage.met' then 'met' when 'stage.breached' then 'breached'
                 when 'stage.at-risk' then 'at-risk' else 'corrected' end,
       payload #>> '{data,category}', payload #>> '{data,department}',
       (payload #>> '{data,startedAt}')::timestamptz, (payload #>> '{data,targetMillis}')::bigint,
       (payload #>> '{data,completedAt}')::timestamptz, (payload #>> '{data,elapsedMillis}')::bigint,
       (payload #>> '{data,withinTarget}')::boolean, (payload #>> '{data,dueAt}')::timestamptz, occurred_at,
       (payload #>> '{data,correctsEventId}')::uuid, partition, "offset"
from events
where topic = 'sla' and type in ('stage.met', 'stage.breached', 'stage.at-risk', 'stage.corrected');

alter table sla_outcomes
    alter column source_partition set not null,
    alter column source_offset set not null,
    add constraint sla_outcomes_outcome_check check (outcome in ('met', 'breached', 'at-risk', 'corrected')),
    add constraint sla_outcomes_completion_check check ((outcome in ('met', 'corrected'))
        = (completed_at is not null and elapsed_millis is not null and within_target is not null)),
    add constraint sla_outcomes_due_check check ((outcome in ('breached', 'at-risk')) = (due_at is not null)),
    add constraint sla_outcomes_corrects_check check ((outcome = 'corrected') = (corrects_event_id is not null));

-- what reports look up for each breach and completion: the other outcomes of its complaint's stage
create index sla_outcomes_by_stage on sla_outcomes (complaint_id, stage);

-- every re-measurement taken into sla_outcomes, as received (the first copy is in events)
create table sla_remeasurements (
    event_id    uuid        not null,
    partition   integer     not null,
    "offset"    bigint      not null,
    payload     jsonb       not null, -- the whole envelope
    archived_at timestamptz not null,
    primary key (event_id, partition, "offset")
);
