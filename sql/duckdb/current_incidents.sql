-- Question: which incidents are (or were) open, since when, why, and what should we try?
-- Shows:    the current state (highest revision) of every incident, oldest first: kind, suspected cause,
--           start, detection, time to detect, closing, the related deployment and the suggested remediation.
-- Assumes:  {root} is the output root; an incident's rows share incident_id, the highest revision is current.
SELECT model,
       incident_id,
       kind,
       suspected_cause,
       status,
       started_at,
       detected_at,
       time_to_detect_ms / 60000 AS minutes_to_detect,
       closed_at,
       related_deployment_id,
       remediation_action,
       remediation_target,
       acceptance_criterion
FROM read_parquet('{root}/incidents/**/*.parquet', hive_partitioning = true,
                  hive_types = {'dt': DATE, 'model': VARCHAR})
QUALIFY revision = max(revision) OVER (PARTITION BY incident_id)
ORDER BY started_at, model;
