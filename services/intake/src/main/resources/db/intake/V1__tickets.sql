-- Ticket numbers, one sequence per jurisdiction and year (MDN-2026-000123). A row is the last number handed
-- out; intake instances bump it with one INSERT ... ON CONFLICT DO UPDATE ... RETURNING, which PostgreSQL
-- runs under the row lock, so two instances never receive the same number. Numbers are unique, not gapless:
-- a complaint whose send to Kafka fails has used its number.
create table ticket_sequence (
    jurisdiction text   not null,
    year         int    not null check (year between 2000 and 9999),
    last_number  bigint not null check (last_number > 0),
    primary key (jurisdiction, year)
);
