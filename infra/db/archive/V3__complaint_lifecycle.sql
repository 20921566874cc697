-- Issue 8, continued: complaint_state folds every lifecycle event of contracts 4-7 (cancel, close, notes, split,
-- merge, escalation, reassignment, supervisor alert, en route, on scene, decline, cannot fix). The status is
-- derived from these columns (siaga.archive.complaint.ComplaintState), so the fold stays order-independent.
-- None of the new columns is indexed: they change with the status, and a status-only update should stay HOT.
alter table complaint_state drop constraint complaint_state_status_check;
alter table complaint_state add constraint complaint_state_status_check
    check (status in ('reported', 'queued', 'dispatched', 'acknowledged', 'resolved', 'closed', 'cancelled', 'merged',
                      'declined', 'cannot-fix'));

alter table complaint_state
    add column queued_at             timestamptz, -- the latest queue
    add column en_route_at           timestamptz, -- the earliest, device time
    add column on_scene_at           timestamptz, -- the earliest, device time
    add column closed_at             timestamptz,
    add column cancelled_at          timestamptz,
    add column cancel_reason         text,        -- the operator's text: not shown by search
    add column merged_at             timestamptz, -- the latest merge
    add column merged_into           text,        -- the complaint it was last merged into, kept after a split
    add column split_at              timestamptz, -- the latest split
    add column declined_at           timestamptz, -- the latest decline, server receipt time
    add column declines              integer     not null default 0,
    add column cannot_fix_at         timestamptz, -- the latest, server receipt time
    add column taken_up_at           timestamptz, -- the latest acknowledgement, en route or on scene, receipt time
    add column escalations           integer     not null default 0,
    add column supervisor_alerted_at timestamptz,
    add column notes                 integer     not null default 0;

-- Complaints archived before this migration keep their state: events of the new types were archived but not
-- folded, and `siaga archive --rebuild` folds them. What SQL can say cheaply is filled in here.
update complaint_state s
set notes = e.notes, cancelled_at = e.cancelled_at, cancel_reason = e.cancel_reason, closed_at = e.closed_at,
    status = case when e.cancelled_at is not null then 'cancelled'
                  when e.closed_at is not null then 'closed' else s.status end
from (select complaint_id,
             count(*) filter (where type = 'complaint.note-added') as notes,
             min(occurred_at) filter (where type = 'complaint.cancelled') as cancelled_at,
             (array_agg(payload #>> '{data,reason}' order by occurred_at)
                 filter (where type = 'complaint.cancelled'))[1] as cancel_reason,
             min(occurred_at) filter (where type = 'complaint.closed') as closed_at
      from events where type in ('complaint.note-added', 'complaint.cancelled', 'complaint.closed')
      group by complaint_id) e
where e.complaint_id = s.complaint_id;
