-- The SLA monitor's figures computed again, independently, in SQL over the archive's events table: per jurisdiction,
-- category and stage, the completions counted, the share within target (percent, one decimal, as the monitor
-- rounds), the nearest-rank p50/p90/p99 of the elapsed times (percentile_disc, as the monitor's histograms
-- approximate) and the paused time in all. No code of the monitor is used: only the events and the calendars, which
-- the caller loads into four temporary tables from the reference data:
--   proof_jurisdictions (jurisdiction text, zone text)                 -- the jurisdiction's time zone
--   proof_working_hours (jurisdiction text, dow int, starts time, ends time)   -- ISO day of week, 1 = Monday
--   proof_holidays      (jurisdiction text, day date)
--   proof_targets       (jurisdiction text, category text, priority int, stage text, target_millis bigint,
--                        calendar text)   -- 'always', 'working-hours' or 'working-days'
-- The rules, as issue 7 states them: every stage runs from the report, close from the resolution; a stage is
-- completed by the first event that completes it (forward: the first dispatch or queueing; follow-up: the
-- resolution); time counts on the stage's calendar (24/7; the working periods of the local day; whole working days
-- of the local calendar), holidays excluded, minus the time within pauses (clock-paused to clock-resumed); a stage
-- is within target when it completed no later than the moment its counted time reached the target, that is when
-- the time counted up to a millisecond before the completion is below the target. Complaints keep the priority they
-- were reported with (priority changes are not followed here).
with reported as (
    select complaint_id, jurisdiction, occurred_at as reported_at,
           payload #>> '{data,category}' as category, (payload #>> '{data,priority}')::int as priority
    from events
    where type = 'complaint.reported'),
completions as (
    select complaint_id, stage, min(occurred_at) as completed_at
    from events
    cross join lateral unnest(case type
        when 'complaint.dispatched' then array['dispatch', 'forward']
        when 'complaint.queued' then array['forward']
        when 'job.acknowledged' then array['acknowledge']
        when 'job.on-scene' then array['arrive']
        when 'job.resolved' then array['resolve', 'follow-up']
        when 'complaint.closed' then array['close'] end) as stage
    where type in ('complaint.dispatched', 'complaint.queued', 'job.acknowledged', 'job.on-scene', 'job.resolved',
                   'complaint.closed')
    group by complaint_id, stage),
pauses as (
    select p.complaint_id, p.occurred_at as paused_at,
           coalesce((select min(r.occurred_at) from events r
                     where r.complaint_id = p.complaint_id and r.type = 'complaint.clock-resumed'
                       and r.occurred_at >= p.occurred_at), 'infinity') as resumed_at
    from events p
    where p.type = 'complaint.clock-paused'),
measured as (
    select r.jurisdiction, r.category, c.stage, r.complaint_id, t.target_millis, t.calendar, c.completed_at,
           case c.stage when 'close' then res.completed_at else r.reported_at end as started_at
    from reported r
    join completions c on c.complaint_id = r.complaint_id
    left join completions res on res.complaint_id = r.complaint_id and res.stage = 'resolve'
    join proof_targets t on t.jurisdiction = r.jurisdiction and t.category = r.category
                        and t.priority = r.priority and t.stage = c.stage),
days as (
    select j.jurisdiction, j.zone, d::date as day
    from proof_jurisdictions j
    cross join generate_series((select min(started_at) from measured)::date - 2,
                               (select max(completed_at) from measured)::date + 2, interval '1 day') d),
working_days as (
    select distinct d.jurisdiction, d.zone, d.day
    from days d
    join proof_working_hours h on h.jurisdiction = d.jurisdiction and h.dow = extract(isodow from d.day)
    where not exists (select 1 from proof_holidays x where x.jurisdiction = d.jurisdiction and x.day = d.day)),
periods as (
    select jurisdiction, 'always' as calendar, '-infinity'::timestamptz as starts_at, 'infinity'::timestamptz as ends_at
    from proof_jurisdictions
    union all
    select w.jurisdiction, 'working-hours', (w.day + h.starts) at time zone w.zone, (w.day + h.ends) at time zone w.zone
    from working_days w
    join proof_working_hours h on h.jurisdiction = w.jurisdiction and h.dow = extract(isodow from w.day)
    union all
    select jurisdiction, 'working-days', w.day::timestamp at time zone w.zone, (w.day + 1)::timestamp at time zone w.zone
    from working_days w),
counted as (
    select m.jurisdiction, m.category, m.stage, m.target_millis,
           w.until_completion - coalesce(q.until_completion, 0) as elapsed_millis,
           w.until_just_before - coalesce(q.until_just_before, 0) as elapsed_millis_just_before,
           coalesce(q.until_completion, 0) as paused_millis
    from measured m
    cross join lateral (
        select floor(1000 * coalesce(sum(extract(epoch from greatest(interval '0',
                   least(p.ends_at, m.completed_at) - greatest(p.starts_at, m.started_at)))), 0))::bigint as until_completion,
               floor(1000 * coalesce(sum(extract(epoch from greatest(interval '0',
                   least(p.ends_at, m.completed_at - interval '1 millisecond') - greatest(p.starts_at, m.started_at)))), 0))::bigint
                   as until_just_before
        from periods p
        where p.jurisdiction = m.jurisdiction and p.calendar = m.calendar) w
    cross join lateral (
        select floor(1000 * sum(extract(epoch from greatest(interval '0',
                   least(p.ends_at, q.resumed_at, m.completed_at)
                   - greatest(p.starts_at, q.paused_at, m.started_at)))))::bigint as until_completion,
               floor(1000 * sum(extract(epoch from greatest(interval '0',
                   least(p.ends_at, q.resumed_at, m.completed_at - interval '1 millisecond')
                   - greatest(p.starts_at, q.paused_at, m.started_at)))))::bigint as until_just_before
        from periods p
        join pauses q on q.complaint_id = m.complaint_id
        where p.jurisdiction = m.jurisdiction and p.calendar = m.calendar) q
    where m.completed_at >= m.started_at)
select jurisdiction, category, stage, count(*) as completed,
       round(100.0 * count(*) filter (where elapsed_millis_just_before < target_millis) / count(*), 1) as compliance_percent,
       percentile_disc(0.5) within group (order by elapsed_millis) as p50_millis,
       percentile_disc(0.9) within group (order by elapsed_millis) as p90_millis,
       percentile_disc(0.99) within group (order by elapsed_millis) as p99_millis,
       sum(paused_millis) as paused_millis
from counted
group by jurisdiction, category, stage
order by jurisdiction, category, stage;
