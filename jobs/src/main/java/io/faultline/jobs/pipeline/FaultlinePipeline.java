package io.faultline.jobs.pipeline;

import io.faultline.common.config.FaultlineConfig;
import io.faultline.common.failure.FailureClassifier;
import io.faultline.common.failure.RecurrenceCounter;
import io.faultline.common.incident.Incident;
import io.faultline.common.incident.IncidentDetector;
import io.faultline.common.model.DeadLetter;
import io.faultline.common.model.Deployment;
import io.faultline.common.model.FailureRecord;
import io.faultline.common.label.LabelingStatsRow;
import io.faultline.common.model.Label;
import io.faultline.common.model.Prediction;
import io.faultline.common.model.RawRecord;
import io.faultline.common.model.SourceKind;
import io.faultline.common.model.WindowStatsRow;
import io.faultline.jobs.functions.ClassifyFailuresFunction;
import io.faultline.jobs.functions.DecodeFunction;
import io.faultline.jobs.functions.EventTimeRange;
import io.faultline.jobs.functions.HeapPredictionJoinOperator;
import io.faultline.jobs.functions.KeyedEvent;
import io.faultline.jobs.functions.LabelGateFunction;
import io.faultline.jobs.functions.LateRecords;
import io.faultline.jobs.functions.PredictionJoinFunction;
import io.faultline.jobs.functions.RawEventTimeAssigner;
import io.faultline.jobs.functions.WindowPartial;
import io.faultline.jobs.functions.DeploymentSignalFunction;
import io.faultline.jobs.functions.IncidentFunction;
import io.faultline.jobs.functions.RecurrenceFunction;
import io.faultline.jobs.functions.SchemaViolationFunction;
import io.faultline.jobs.functions.WindowAggregation;
import io.faultline.jobs.functions.WindowPartialsOperator;
import io.faultline.jobs.functions.LabelingStatsFunction;
import io.faultline.jobs.functions.WindowStatsFunction;
import io.faultline.jobs.io.ReferenceProfiles;
import io.faultline.jobs.runtime.FailureRecordTypeInfo;
import io.faultline.jobs.runtime.Uids;
import org.apache.flink.api.common.RuntimeExecutionMode;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.datastream.BroadcastStream;
import org.apache.flink.configuration.ExecutionOptions;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.KeyedStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;

/**
 * The Faultline topology. It knows no concrete IO: callers pass the three raw input streams and receive
 * the output streams, to which production attaches Parquet sinks and tests attach collectors. The same
 * topology runs in streaming (Kafka) and batch (backfill) mode.
 *
 * <pre>
 *  predictions ─ decode ──────────┐
 *  labels ────── decode ─ late ───┴─ keyBy(event_id) ─┐
 *  deployments ─ decode ─ broadcast ──────────────────┴─ prediction join ─ classify + edge-case scores ─┐
 *                                                        (range, late, dedup,                          │
 *                                                         lineage, label verdict) ── label rows ───────┤
 *  prediction join ─ window profiles (heap, per subtask) ─ keyBy(model|version) ─ window stats + drift ┬─ window_stats
 *                                                                                      drift rows ──────┤
 *  prediction join ─ label verdicts ─ labelling partials ─ keyBy(model|version) ─ labelling stats ──────┼─ labeling_stats
 *  every decode ─▶ dead letters ─┬─ keyBy(source) ─ schema violations per window ─────────────────────────┤
 *                                └─ dead_letter                                                         │
 *  window stats, labelling stats, failures, deployments ─ signals ─ keyBy(model) ─ incidents ─┬─ incidents
 *                                                          REGRESSION_AFTER_DEPLOYMENT rows ──┤
 *  all catalog rows ─ keyBy(signature|day) ─ recurrence ─ failures                          ◀─┘
 *  every late record ─▶ late events
 * </pre>
 *
 * Predictions and labels share one shuffle into one keyed operator: each record is serialized once
 * between the decoders and the join, and each event id costs one state lookup per record.
 */
public final class FaultlinePipeline {
    private static final String JOIN_NAME = "prediction join (dedup, lineage, labels)";

    private FaultlinePipeline() {}

    /** The raw inputs. Labels and deployments may be empty streams but not null. */
    public record Inputs(DataStream<RawRecord> predictions, DataStream<RawRecord> labels,
            DataStream<RawRecord> deployments) {}

    /** What the pipeline produces. */
    public record Outputs(DataStream<FailureRecord> failures, DataStream<DeadLetter> deadLetters,
            DataStream<DeadLetter> lateEvents, DataStream<WindowStatsRow> windowStats,
            DataStream<LabelingStatsRow> labelingStats, DataStream<Incident> incidents) {}

    /**
     * The watermark strategy every source of {@code kind} must use: event time read from the raw record
     * at the source, bounded out-of-orderness, and idleness so a silent input (deployments, mostly)
     * never holds the others back. Generated per split: per Kafka partition, per file.
     */
    public static WatermarkStrategy<RawRecord> watermarks(FaultlineConfig config, SourceKind kind) {
        return WatermarkStrategy.<RawRecord>forBoundedOutOfOrderness(config.outOfOrderness())
                .withTimestampAssigner(new RawEventTimeAssigner(kind))
                .withIdleness(config.sourceIdleness());
    }

    /** As {@link #build(FaultlineConfig, EventTimeRange, Inputs, ReferenceProfiles.Loaded)} without loaded reference profiles. */
    public static Outputs build(FaultlineConfig config, EventTimeRange range, Inputs in) {
        return build(config, range, in, ReferenceProfiles.Loaded.NONE);
    }

    /**
     * Builds the topology over the inputs, which must carry the watermarks of {@link #watermarks}.
     *
     * @param references reference profiles and combination counts loaded by {@link ReferenceProfiles#loadAll}
     */
    public static Outputs build(FaultlineConfig config, EventTimeRange range, Inputs in, ReferenceProfiles.Loaded references) {
        long lateness = config.allowedLateness().toMillis();
        FailureClassifier classifier = new FailureClassifier(config);
        // Catalog rows travel with their own serializer; every stream of them must declare it (see the type).
        TypeInformation<FailureRecord> failureType = new FailureRecordTypeInfo();

        Front front = front(config, range, classifier, in);
        SingleOutputStreamOperator<Prediction> enriched = front.enriched();
        SingleOutputStreamOperator<KeyedEvent> validLabels = front.validLabels();
        SingleOutputStreamOperator<Deployment> deployments = front.deployments();
        DataStream<DeadLetter> deadLetters = front.deadLetters();

        DataStream<FailureRecord> symptoms = enriched
                .process(new ClassifyFailuresFunction(classifier, config.scoring(), references))
                .returns(failureType)
                .uid(Uids.CLASSIFY_FAILURES).name("classify failures");

        DataStream<DeadLetter> late = enriched.getSideOutput(LateRecords.TAG)
                .union(validLabels.getSideOutput(LateRecords.TAG));

        // A valid prediction trails the watermark by at most the allowed lateness (the join's gate), or by
        // the lineage wait if it waited for its deployment: windows are complete after the longer of the two.
        long flushDelay = Math.max(lateness, config.lineageWait().toMillis());
        SingleOutputStreamOperator<WindowStatsRow> windowStats = enriched
                .transform("window profiles (per subtask)", TypeInformation.of(WindowPartial.class),
                        new WindowPartialsOperator<>(WindowAggregation.PROFILES, config.windowSize().toMillis(), flushDelay))
                .uid(Uids.WINDOW_PROFILES)
                .keyBy(WindowPartial::modelVersionKey, Types.STRING)
                .process(new WindowStatsFunction(config, flushDelay, references.profiles()))
                .returns(TypeInformation.of(WindowStatsRow.class))
                .uid(Uids.WINDOW_STATS).name("window statistics and drift");

        // A window's label verdicts are all taken once the watermark passes its end plus the label wait (or
        // the allowed lateness, if longer: a late prediction's verdict timer may already be due on arrival).
        long labelDelay = Math.max(config.labelWait().toMillis(), lateness);
        SingleOutputStreamOperator<LabelingStatsRow> labelingStats = enriched
                .getSideOutput(PredictionJoinFunction.LABEL_VERDICTS)
                .transform("labeling partials (per subtask)", TypeInformation.of(WindowPartial.class),
                        new WindowPartialsOperator<>(WindowAggregation.LABELING, config.windowSize().toMillis(),
                                labelDelay))
                .uid(Uids.LABELING_PARTIALS)
                .keyBy(WindowPartial::modelVersionKey, Types.STRING)
                .process(new LabelingStatsFunction(classifier.labelPolicy(), config.windowSize().toMillis(), labelDelay))
                .returns(TypeInformation.of(LabelingStatsRow.class))
                .uid(Uids.LABELING_STATS).name("labeling statistics");

        // Incidents: per model, each window's signals (predictions and drift verdicts, per-prediction failures by
        // mode, labelled error rates, deployments) merged, then fed in window order once all parts are in.
        long windowSize = config.windowSize().toMillis();
        DataStream<WindowPartial> failureSignals = symptoms
                .transform("incident signals: failures (per subtask)", TypeInformation.of(WindowPartial.class),
                        new WindowPartialsOperator<>(WindowAggregation.SIGNALS, windowSize, flushDelay))
                .uid(Uids.FAILURE_SIGNALS);
        DataStream<WindowPartial> deploymentSignals = deployments
                .map(new DeploymentSignalFunction(windowSize))
                .returns(TypeInformation.of(WindowPartial.class))
                .uid(Uids.DEPLOYMENT_SIGNALS).name("incident signals: deployments");
        SingleOutputStreamOperator<Incident> incidents = windowStats.getSideOutput(WindowStatsFunction.SIGNALS)
                .union(labelingStats.getSideOutput(LabelingStatsFunction.SIGNALS), failureSignals, deploymentSignals)
                .keyBy(part -> part.model, Types.STRING)
                .process(new IncidentFunction(new IncidentDetector(config.incidents(), config.remediation()),
                        config, Math.max(labelDelay, flushDelay)))
                .returns(TypeInformation.of(Incident.class))
                .uid(Uids.INCIDENTS).name("incidents");

        DataStream<FailureRecord> schemaViolations = deadLetters
                .keyBy(d -> d.source, Types.STRING)
                .process(new SchemaViolationFunction(config, lateness))
                .returns(failureType)
                .uid(Uids.SCHEMA_VIOLATIONS).name("schema violations (dead letters per window)");

        // Every catalog row passes the recurrence ranking on its way out (RecurrenceFunction).
        DataStream<FailureRecord> failures = symptoms
                .union(enriched.getSideOutput(PredictionJoinFunction.MISCLASSIFICATIONS),
                        windowStats.getSideOutput(WindowStatsFunction.DRIFT_FAILURES), schemaViolations,
                        incidents.getSideOutput(IncidentFunction.REGRESSIONS))
                .keyBy(RecurrenceCounter::key, Types.STRING)
                .process(new RecurrenceFunction(flushDelay, labelDelay))
                .returns(failureType)
                .uid(Uids.RECURRENCE).name("recurrence (rank per signature and day)");

        return new Outputs(failures, deadLetters, late, windowStats, labelingStats, incidents);
    }

    /**
     * The predictions decoded and wrapped for the shuffle into the join: the first operator after the predictions
     * source, in {@link #build} and in {@code faultline bench}'s keyed-hop stage.
     */
    public static SingleOutputStreamOperator<KeyedEvent> decodePredictions(DataStream<RawRecord> predictions) {
        return predictions
                .process(new DecodeFunction<KeyedEvent>(SourceKind.PREDICTIONS, false,
                        decoded -> KeyedEvent.of((Prediction) decoded)))
                .returns(TypeInformation.of(KeyedEvent.class))
                .uid(Uids.DECODE_PREDICTIONS).name("decode predictions");
    }

    /**
     * The topology up to and including the prediction join, and nothing after it: what {@code faultline bench}
     * measures as its join stage. The join's side outputs (label verdicts, misclassification rows, late records)
     * and the dead letters are left unconsumed; the returned stream is the join's main output.
     */
    public static DataStream<Prediction> buildThroughJoin(FaultlineConfig config, EventTimeRange range, Inputs in) {
        return front(config, range, new FailureClassifier(config), in).enriched();
    }

    /** The decoders, the labels' lateness gate and the prediction join: the front of the topology. */
    private record Front(SingleOutputStreamOperator<Deployment> deployments, DataStream<DeadLetter> deadLetters,
            SingleOutputStreamOperator<KeyedEvent> validLabels, SingleOutputStreamOperator<Prediction> enriched) {}

    private static Front front(FaultlineConfig config, EventTimeRange range, FailureClassifier classifier, Inputs in) {
        SingleOutputStreamOperator<KeyedEvent> predictions = decodePredictions(in.predictions());
        SingleOutputStreamOperator<Label> labels = in.labels()
                .process(new DecodeFunction<Label>(SourceKind.LABELS, false))
                .returns(TypeInformation.of(Label.class))
                .uid(Uids.DECODE_LABELS).name("decode labels");
        SingleOutputStreamOperator<Deployment> deployments = in.deployments()
                .process(new DecodeFunction<Deployment>(SourceKind.DEPLOYMENTS, true))
                .returns(TypeInformation.of(Deployment.class))
                .uid(Uids.DECODE_DEPLOYMENTS).name("decode deployments");

        DataStream<DeadLetter> deadLetters = predictions.getSideOutput(DecodeFunction.DEAD_LETTERS)
                .union(labels.getSideOutput(DecodeFunction.DEAD_LETTERS),
                        deployments.getSideOutput(DecodeFunction.DEAD_LETTERS));

        SingleOutputStreamOperator<KeyedEvent> validLabels = labels
                .process(new LabelGateFunction(config.allowedLateness().toMillis()))
                .returns(TypeInformation.of(KeyedEvent.class))
                .uid(Uids.LABEL_LATENESS).name("lateness (labels)");

        SingleOutputStreamOperator<Prediction> enriched = join(config, range, classifier, predictions.union(validLabels),
                deployments);
        return new Front(deployments, deadLetters, validLabels, enriched);
    }

    /**
     * The prediction join: dedup, lineage and label verdicts per event id. Streaming on the {@code hashmap}
     * backend keeps the waiting events in plain heap structures ({@link HeapPredictionJoinOperator}); batch mode
     * (keyed input sorted by event id) and the {@code rocksdb} backend (a day of waiting predictions may outgrow
     * the heap) use Flink's keyed state ({@link PredictionJoinFunction}). Both take {@link io.faultline.jobs.functions.JoinLogic}'s
     * decisions; their uids differ, so a savepoint of one is never silently restored into the other.
     */
    private static SingleOutputStreamOperator<Prediction> join(FaultlineConfig config, EventTimeRange range,
            FailureClassifier classifier, DataStream<KeyedEvent> events, DataStream<Deployment> deployments) {
        long lateness = config.allowedLateness().toMillis();
        long dedup = config.dedupHorizon().toMillis();
        long lineageWait = config.lineageWait().toMillis();
        long labelWait = config.labelWait().toMillis();
        KeyedStream<KeyedEvent, String> byEventId = events.keyBy(KeyedEvent::eventId, Types.STRING);
        boolean streaming = events.getExecutionEnvironment().getConfiguration().get(ExecutionOptions.RUNTIME_MODE)
                == RuntimeExecutionMode.STREAMING;
        if (streaming && config.checkpoints().stateOnHeap()) {
            return byEventId.connect(deployments.broadcast())
                    .transform(JOIN_NAME, TypeInformation.of(Prediction.class),
                            new HeapPredictionJoinOperator(dedup, lateness, lineageWait, labelWait, range, classifier))
                    .uid(Uids.PREDICTION_JOIN_HEAP).name(JOIN_NAME);
        }
        BroadcastStream<Deployment> registry = deployments.broadcast(PredictionJoinFunction.REGISTRY);
        return byEventId.connect(registry)
                .process(new PredictionJoinFunction(dedup, lateness, lineageWait, labelWait, range, classifier,
                        !streaming))
                .returns(TypeInformation.of(Prediction.class))
                .uid(Uids.PREDICTION_JOIN).name(JOIN_NAME);
    }
}
