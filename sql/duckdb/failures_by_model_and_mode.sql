-- Question: what is failing, on which model, and how much?
-- Shows:    catalog rows per (model, category, failure mode), with the first and last event time seen.
-- Assumes:  {root} is the output root (a local directory; for S3 use s3://bucket/prefix with httpfs).
SELECT model,
       category,
       failure_mode,
       count(*)        AS failures,
       min(event_time) AS first_seen,
       max(event_time) AS last_seen
FROM read_parquet('{root}/failures/**/*.parquet', hive_partitioning = true,
                  hive_types = {'dt': DATE, 'model': VARCHAR})
GROUP BY ALL
ORDER BY failures DESC, model, failure_mode;
