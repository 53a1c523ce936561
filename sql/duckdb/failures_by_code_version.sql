-- Question: since which deployment, on which code version, is a model failing?
-- Shows:    failures per model, version, deployment and code version, with the deployment time; rows with
--           lineage_status UNREGISTERED_VERSION are predictions from a version nobody deployed.
-- Assumes:  {root} is the output root.
SELECT model,
       model_version,
       lineage_status,
       deployment_id,
       code_version,
       deployed_at,
       failure_mode,
       count(*) AS failures
FROM read_parquet('{root}/failures/**/*.parquet', hive_partitioning = true,
                  hive_types = {'dt': DATE, 'model': VARCHAR})
GROUP BY ALL
ORDER BY model, model_version, failure_mode;
