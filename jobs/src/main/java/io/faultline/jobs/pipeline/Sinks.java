package io.faultline.jobs.pipeline;

import io.faultline.jobs.io.ParquetSinks;
import io.faultline.jobs.runtime.Uids;

/** Production wiring of the pipeline's outputs: Parquet tables under one root URI. */
public final class Sinks {
    private Sinks() {}

    public static void attachParquet(FaultlinePipeline.Outputs outputs, String rootUri) {
        outputs.failures().sinkTo(ParquetSinks.failures(rootUri))
                .uid(Uids.SINK_FAILURES).name("failures parquet");
        outputs.deadLetters().sinkTo(ParquetSinks.deadLetters(rootUri, ParquetSinks.DEAD_LETTER_TABLE))
                .uid(Uids.SINK_DEAD_LETTER).name("dead_letter parquet");
        outputs.lateEvents().sinkTo(ParquetSinks.deadLetters(rootUri, ParquetSinks.LATE_EVENTS_TABLE))
                .uid(Uids.SINK_LATE_EVENTS).name("late_events parquet");
        outputs.windowStats().sinkTo(ParquetSinks.windowStats(rootUri))
                .uid(Uids.SINK_WINDOW_STATS).name("window_stats parquet");
        outputs.labelingStats().sinkTo(ParquetSinks.labelingStats(rootUri))
                .uid(Uids.SINK_LABELING_STATS).name("labeling_stats parquet");
        outputs.incidents().sinkTo(ParquetSinks.incidents(rootUri))
                .uid(Uids.SINK_INCIDENTS).name("incidents parquet");
    }
}
