package io.faultline.jobs.functions;

import io.faultline.common.failure.FailureClassifier;
import io.faultline.common.lineage.ModelVersionKeys;
import io.faultline.common.model.FailureRecord;
import io.faultline.common.model.Prediction;
import io.faultline.common.scoring.CombinationReference;
import io.faultline.common.scoring.EdgeCaseScore;
import io.faultline.common.scoring.EdgeCaseScorer;
import io.faultline.common.scoring.ScoringSettings;
import io.faultline.common.stats.ReferenceProfile;
import io.faultline.jobs.io.ReferenceProfiles;
import io.faultline.jobs.runtime.FailureCounts;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Consumer;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Emits the catalog rows for symptoms visible on the lineage-enriched prediction itself: the classifier's
 * (latency, confidence, ambiguity, lineage) and the edge-case scores against the reference profile of the
 * prediction's version ({@code docs/scoring.md}).
 *
 * <p>Per-event scores need a reference that exists before the event: a profile written by
 * {@code faultline profile} (with its combination counts). A version's warm-up reference only exists once its
 * first windows are complete, and is not available here without a cycle in the graph, so versions
 * without a profile are not scored per event (their drift is still measured against the warm-up).
 * Scorers are built once per subtask in {@link #open}; scoring reuses one result buffer.
 */
public class ClassifyFailuresFunction extends ProcessFunction<Prediction, FailureRecord> {
    private final FailureClassifier classifier;
    private final ScoringSettings scoring;
    private final ReferenceProfiles.Loaded references;

    private transient FailureCounts counts;
    /** Scorer and its reusable result buffer, by {@code model|version}. */
    private transient Map<String, Scoring> scorers;
    private transient ModelVersionKeys keys;
    private transient Emit emit;

    private record Scoring(EdgeCaseScorer scorer, EdgeCaseScore buffer) {}

    /** Counts and forwards the rows of the current prediction; one per subtask, not one per event. */
    private final class Emit implements Consumer<FailureRecord> {
        Collector<FailureRecord> out;

        @Override
        public void accept(FailureRecord failure) {
            counts.inc(failure);
            out.collect(failure);
        }
    }

    public ClassifyFailuresFunction(FailureClassifier classifier, ScoringSettings scoring,
            ReferenceProfiles.Loaded references) {
        this.classifier = classifier;
        this.scoring = scoring;
        this.references = references;
    }

    @Override
    public void open(OpenContext openContext) {
        counts = new FailureCounts(getRuntimeContext());
        scorers = new HashMap<>();
        keys = new ModelVersionKeys();
        emit = new Emit();
        references.profiles().forEach((key, json) -> {
            ReferenceProfile profile = ReferenceProfile.fromJson(json);
            String combinations = references.combinations().get(key);
            CombinationReference pairs = combinations == null ? CombinationReference.empty(profile.referenceId())
                    : CombinationReference.fromJson(combinations);
            if (!pairs.referenceId().equals(profile.referenceId())) {
                pairs = CombinationReference.empty(profile.referenceId()); // counted against an older profile
            }
            EdgeCaseScorer scorer = EdgeCaseScorer.of(profile, pairs, scoring);
            scorers.put(key, new Scoring(scorer, scorer.newScore()));
        });
    }

    @Override
    public void processElement(Prediction p, Context ctx, Collector<FailureRecord> out) {
        emit.out = out;
        classifier.classify(p, emit);
        Scoring scoring = scorers.get(keys.of(p.model, p.modelVersion));
        if (scoring != null) {
            classifier.edgeCases(p, scoring.scorer().score(p, scoring.buffer()), emit);
        }
    }
}
