-- Issue 8, search with a million complaints: an index for the status filter. Until now a search by status read
-- the jurisdiction's (or the department's, kecamatan's, ...) index in reported_at order and filtered, which is
-- cheap for a common status but reads the whole history for a rare one: with 1,000,000 complaints EXPLAIN showed
-- a sequential scan of every row (0.6 s) for a status no complaint had, and 10,000 rows read (20-570 ms) for one
-- department's month in a status it had none of. With this index the planner reads only the complaints in the
-- status asked for, in page order, and filters the other conditions.
-- The price: a step that changes only the status (acknowledged, resolved, closed) is no longer a HOT update, so
-- it adds an entry to every index of complaint_state; steps that change the crew (dispatch, reassignment) already
-- did. Measured in BENCHMARKS.md ("Archive (issue 8)").
create index complaint_state_by_status on complaint_state (jurisdiction, status, reported_at, complaint_id)
    where reported_at is not null;
