package io.faultline.jobs.functions;

import io.faultline.common.model.Prediction;
import io.faultline.common.scoring.CombinationReference;
import io.faultline.common.scoring.ScoringSettings;
import io.faultline.common.stats.ReferenceProfile;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;
import org.apache.flink.streaming.api.operators.AbstractStreamOperator;
import org.apache.flink.streaming.api.operators.BoundedOneInput;
import org.apache.flink.streaming.api.operators.OneInputStreamOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;

/**
 * For bounded inputs ({@code faultline profile}'s second pass): counts, on the heap of each subtask, the
 * feature combinations of every prediction whose version has a reference profile, against that profile's
 * frozen bins and categories; emits one {@link CombinationPartial} per version when the input ends.
 * Counts add exactly, so merging the partials by key gives the same result at any parallelism.
 */
public class CombinationCountOperator extends AbstractStreamOperator<CombinationPartial>
        implements OneInputStreamOperator<Prediction, CombinationPartial>, BoundedOneInput {
    /** Reference profiles by {@code model|version}, as JSON (parsed once per subtask). */
    private final Map<String, String> profiles;
    private final ScoringSettings settings;

    private transient Map<String, ReferenceProfile> parsed;
    private transient Map<String, CombinationReference.Builder> builders;

    public CombinationCountOperator(Map<String, String> profiles, ScoringSettings settings) {
        this.profiles = new HashMap<>(profiles);
        this.settings = settings;
    }

    @Override
    public void open() throws Exception {
        super.open();
        parsed = new HashMap<>();
        profiles.forEach((key, json) -> parsed.put(key, ReferenceProfile.fromJson(json)));
        builders = new TreeMap<>();
    }

    @Override
    public void processElement(StreamRecord<Prediction> element) {
        Prediction p = element.getValue();
        String key = p.modelVersionKey();
        CombinationReference.Builder builder = builders.get(key);
        if (builder == null) {
            ReferenceProfile profile = parsed.get(key);
            if (profile == null) {
                return;
            }
            builder = CombinationReference.builder(profile, settings);
            builders.put(key, builder);
        }
        builder.add(p);
    }

    @Override
    public void endInput() {
        builders.forEach((key, builder) -> output.collect(new StreamRecord<>(
                new CombinationPartial(key, builder.build().toBytes()))));
    }
}
