-- Issue 7: the SLA monitor measures arrive on scene and the administrative stages (forward, follow-up, close), and
-- stage.met / stage.corrected v2 carry the time a stage's clock stood paused. sla_outcomes takes every stage and
-- keeps pausedMillis on completions; version 1 completions, archived before, never paused.
alter table sla_outcomes drop constraint sla_outcomes_stage_check;
alter table sla_outcomes
    add constraint sla_outcomes_stage_check
        check (stage in ('dispatch', 'acknowledge', 'arrive', 'resolve', 'forward', 'follow-up', 'close')),
    add column paused_millis bigint; -- met and corrected only: the clock's paused time, left out of elapsed_millis

update sla_outcomes o
set paused_millis = coalesce((e.payload #>> '{data,pausedMillis}')::bigint, 0)
from events e
where e.event_id = o.event_id and o.outcome in ('met', 'corrected');

-- a re-measured outcome's figures are those of its newer copy, kept in sla_remeasurements
update sla_outcomes o
set paused_millis = coalesce((r.payload #>> '{data,pausedMillis}')::bigint, 0)
from sla_remeasurements r
where r.event_id = o.event_id and r.partition = o.source_partition and r."offset" = o.source_offset
  and o.outcome in ('met', 'corrected');

alter table sla_outcomes
    add constraint sla_outcomes_paused_check check ((outcome in ('met', 'corrected')) = (paused_millis is not null));
