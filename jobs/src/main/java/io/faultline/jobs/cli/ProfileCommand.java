package io.faultline.jobs.cli;

import io.faultline.common.config.FaultlineConfig;
import io.faultline.common.drift.WindowStatistics;
import io.faultline.common.model.Prediction;
import io.faultline.common.model.RawRecord;
import io.faultline.common.model.SourceKind;
import io.faultline.common.stats.ReferenceProfile;
import io.faultline.common.stats.WindowProfile;
import io.faultline.common.scoring.CombinationReference;
import io.faultline.jobs.functions.CombinationCountOperator;
import io.faultline.jobs.functions.CombinationPartial;
import io.faultline.jobs.functions.DecodeFunction;
import io.faultline.jobs.functions.WindowPartial;
import io.faultline.jobs.functions.WindowAggregation;
import io.faultline.jobs.functions.WindowPartialsOperator;
import io.faultline.jobs.io.FileInputs;
import io.faultline.jobs.io.ReferenceProfiles;
import io.faultline.jobs.runtime.JobEnvironment;
import java.io.IOException;
import java.io.PrintStream;
import java.util.Map;
import org.apache.flink.api.common.RuntimeExecutionMode;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.util.CloseableIterator;

/**
 * {@code faultline profile}: builds the reference profile of each model version from JSON-lines
 * predictions (training or validation data logged in the v1 contract) in batch mode, and writes it to
 * {@code reference_profiles/model=M/version=V/profile.json}, where {@code stream} and {@code backfill} find it.
 */
final class ProfileCommand {
    private ProfileCommand() {}

    static Flags flags() {
        return CommonOptions.declare(new Flags("profile",
                "Builds reference profiles (frozen bin edges, categories, statistics) per model version from\n"
                        + "JSON-lines predictions, in batch mode, and writes them to <output>/reference_profiles/ (or\n"
                        + "drift.reference-profiles). Drift is then measured against them instead of a warm-up."))
                .declare("predictions", "PATH", "prediction events: a file, a directory or a glob (required)")
                .declare("model", "M", "only this model")
                .declare("version", "V", "only this model version (needs --model)");
    }

    static int run(Flags flags, PrintStream out) throws Exception {
        if (flags.has("version") && !flags.has("model")) {
            throw new Flags.UsageException("--version needs --model");
        }
        return profile(CommonOptions.load(flags), flags.require("predictions"), flags.get("model"), flags.get("version"),
                out) > 0 ? 0 : 3;
    }

    /**
     * Builds and writes the reference profile of every (selected) model version in {@code predictions};
     * returns how many were written.
     */
    static int profile(FaultlineConfig config, String predictionsPath, String model, String version, PrintStream out)
            throws Exception {
        StreamExecutionEnvironment env = JobEnvironment.create(config, RuntimeExecutionMode.BATCH);
        DataStream<Prediction> predictions = selected(env, predictionsPath, model, version);
        DataStream<WindowPartial> profiles = predictions
                .transform("profile (per subtask)", TypeInformation.of(WindowPartial.class),
                        new WindowPartialsOperator<>(WindowAggregation.PROFILES, WindowPartialsOperator.ALL_TIME, 0))
                .uid("profile-partials")
                .keyBy(WindowPartial::modelVersionKey, Types.STRING)
                .reduce((a, b) -> {
                    WindowProfile merged = WindowProfile.fromBytes(a.profile);
                    merged.merge(WindowProfile.fromBytes(b.profile));
                    return new WindowPartial(a.model, a.modelVersion, a.windowStart, a.windowEnd, merged.toBytes());
                })
                .uid("profile-merge").name("merge profiles");

        out.println("faultline profile → " + config.referenceProfilesUri());
        int written = 0;
        try (CloseableIterator<WindowPartial> results = profiles.executeAndCollect("faultline profile")) {
            while (results.hasNext()) {
                WindowPartial partial = results.next();
                WindowProfile profile = WindowProfile.fromBytes(partial.profile);
                ReferenceProfile reference = WindowStatistics.referenceOf(partial.model, partial.modelVersion,
                        "profile", profile);
                out.printf("  %s %s: %,d predictions, %d columns → %s%n", partial.model, partial.modelVersion,
                        profile.predictions(), reference.columns().size(),
                        ReferenceProfiles.write(config.referenceProfilesUri(), reference));
                written++;
            }
        }
        if (written == 0) {
            out.println("no valid prediction matched; nothing written");
            return 0;
        }
        countCombinations(config, predictionsPath, model, version, out);
        return written;
    }

    /**
     * The second pass: counts feature combinations against the frozen bins and categories of the profiles
     * just written (rare-combination scoring, docs/scoring.md), and writes them beside each profile.
     */
    private static void countCombinations(FaultlineConfig config, String predictionsPath, String model, String version,
            PrintStream out) throws Exception {
        Map<String, String> profiles = ReferenceProfiles.load(config.referenceProfilesUri());
        StreamExecutionEnvironment env = JobEnvironment.create(config, RuntimeExecutionMode.BATCH);
        DataStream<CombinationPartial> counts = selected(env, predictionsPath, model, version)
                .transform("count combinations (per subtask)", TypeInformation.of(CombinationPartial.class),
                        new CombinationCountOperator(profiles, config.scoring()))
                .uid("profile-combination-partials")
                .keyBy(CombinationPartial::modelVersionKey, Types.STRING)
                .reduce((a, b) -> new CombinationPartial(a.modelVersionKey, CombinationReference.fromBytes(a.counts)
                        .merge(CombinationReference.fromBytes(b.counts)).toBytes()))
                .uid("profile-combination-merge").name("merge combination counts");
        try (CloseableIterator<CombinationPartial> results = counts.executeAndCollect("faultline profile (combinations)")) {
            while (results.hasNext()) {
                CombinationPartial partial = results.next();
                CombinationReference combinations = CombinationReference.fromBytes(partial.counts);
                out.printf("  %s: %d feature pairs counted → %s%n", partial.modelVersionKey.replace('|', ' '),
                        combinations.pairs().size(), ReferenceProfiles.writeCombinations(config.referenceProfilesUri(),
                                partial.modelVersionKey, combinations));
            }
        }
    }

    /** The valid predictions of {@code path}, of the selected model and version. */
    private static DataStream<Prediction> selected(StreamExecutionEnvironment env, String path, String model,
            String version) throws IOException {
        return env.fromSource(FileInputs.source(path, SourceKind.PREDICTIONS.tableValue()),
                        WatermarkStrategy.noWatermarks(), "predictions files", TypeInformation.of(RawRecord.class))
                .uid("profile-source").name("predictions files")
                .process(new DecodeFunction<Prediction>(SourceKind.PREDICTIONS, true))
                .returns(TypeInformation.of(Prediction.class))
                .uid("profile-decode").name("decode predictions")
                .filter(p -> (model == null || model.equals(p.model)) && (version == null || version.equals(p.modelVersion)))
                .uid("profile-filter").name("select model version");
    }
}
