-- Question: which inputs break the contract, and how?
-- Shows:    rejected records per source and error code, with one example message and position each.
-- Assumes:  {root} is the output root.
SELECT source,
       error_code,
       count(*)         AS records,
       min(message)     AS example_message,
       min(position)    AS example_position
FROM read_parquet('{root}/dead_letter/**/*.parquet', hive_partitioning = true,
                  hive_types = {'dt': DATE, 'source': VARCHAR})
GROUP BY ALL
ORDER BY records DESC, source, error_code;
