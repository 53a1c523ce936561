package io.faultline.jobs.pipeline;

import io.faultline.jobs.io.ParquetSinks;
import io.faultline.jobs.runtime.Uids;

/** Production wiring of the pipeline's outputs: Parquet tables under one root URI. */
public final class Sinks {
    public static final String FAILURES = "failures";
    public static final String DEAD_LETTER = "dead_letter";
    public static final String LATE_EVENTS = "late_events";

    private Sinks() {}

    public static void attachParquet(FaultlinePipeline.Outputs outputs, String rootUri) {
        outputs.failures().sinkTo(ParquetSinks.failures(rootUri))
                .uid(Uids.SINK_FAILURES).name("failures parquet");
        outputs.deadLetters().sinkTo(ParquetSinks.deadLetters(rootUri, DEAD_LETTER))
                .uid(Uids.SINK_DEAD_LETTER).name("dead_letter parquet");
        outputs.lateEvents().sinkTo(ParquetSinks.deadLetters(rootUri, LATE_EVENTS))
                .uid(Uids.SINK_LATE_EVENTS).name("late_events parquet");
    }
}
