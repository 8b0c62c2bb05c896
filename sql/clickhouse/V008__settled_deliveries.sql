-- A delivery settles at its first final state (docs/contracts.md): final rows carry versions above
-- every non-final row, the earlier final the higher (DeliveryVersions). The lookups of V004 then
-- need one more kind of marker: a final row supersedes, at its own version, every other state its
-- delivery may show later. A recovery that re-sends a DELIVERED event and gets an ERROR writes an
-- ERROR row at a lower version than the DELIVERED row's ERROR marker, so "currently ERROR" does not
-- list it. A second view beside V004's, so no insert runs without one while this is applied.
-- Rows written before this migration keep the last-row-wins order and have no such markers.
CREATE MATERIALIZED VIEW IF NOT EXISTS delivery_states_settled_mv TO delivery_states AS
SELECT merchant_id, state, platform, event_date, event_id, event_name,
       toUInt8(1) AS superseded, version
FROM deliveries
ARRAY JOIN arrayConcat(if(attempts > 1, emptyArrayString(), ['RETRY']),
                       multiIf(status = 'DELIVERED', ['FAILED', 'ERROR', 'SKIPPED'],
                               status = 'FAILED', ['DELIVERED', 'ERROR', 'SKIPPED'],
                               status = 'ERROR', ['DELIVERED', 'FAILED', 'SKIPPED'],
                               ['DELIVERED', 'FAILED', 'ERROR'])) AS state
WHERE status NOT IN ('QUEUED', 'RETRY');
