-- Question: how well is each model version labelled, and how often do reviewers disagree?
-- Shows:    per model version over all windows: predictions, labelled share, misclassification rate among
--           labelled predictions, events with reviewer disagreement, and the worst hourly label delay p95.
-- Assumes:  {root} is the output root; labeling_stats/ rows are per (window, model, version).
SELECT model,
       model_version,
       sum(predictions)                                           AS predictions,
       round(sum(labelled) / nullif(sum(predictions), 0), 3)      AS labelled_share,
       round(sum(misclassified) / nullif(sum(labelled), 0), 3)    AS misclassification_rate,
       sum(disagreement_events)                                   AS disagreement_events,
       max(label_delay_p95_ms)                                    AS worst_label_delay_p95_ms
FROM read_parquet('{root}/labeling_stats/**/*.parquet', hive_partitioning = true,
                  hive_types = {'dt': DATE, 'model': VARCHAR})
GROUP BY ALL
ORDER BY model, model_version;
