-- Question: when did labelled errors rise, per model version?
-- Shows:    misclassifications per hour of event time and model version, with the median label delay.
-- Assumes:  {root} is the output root; labels arrive within the configured label wait (time.label-wait).
SELECT model,
       model_version,
       date_trunc('hour', event_time) AS hour,
       count(*)                       AS misclassifications,
       median(label_delay_ms) / 1000  AS median_label_delay_s
FROM read_parquet('{root}/failures/**/*.parquet', hive_partitioning = true,
                  hive_types = {'dt': DATE, 'model': VARCHAR})
WHERE failure_mode = 'MISCLASSIFICATION'
GROUP BY ALL
ORDER BY model, model_version, hour;
