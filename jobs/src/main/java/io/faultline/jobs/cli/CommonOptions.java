package io.faultline.jobs.cli;

import io.faultline.common.config.ConfigException;
import io.faultline.common.config.FaultlineConfig;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/** The flags every run command shares, and how they override the job config. */
final class CommonOptions {
    private CommonOptions() {}

    static Flags declare(Flags flags) {
        return flags
                .declare("config", "FILE", "job config (YAML); see deploy/faultline.yaml and docs/config.md")
                .declare("output", "URI", "output root: a directory, file:///path or s3://bucket/prefix (config key output.uri)")
                .declare("parallelism", "P", "operator parallelism (config key parallelism; 0 = Flink's default)");
    }

    /** The config file (or the defaults), with the command-line flags applied on top. */
    static FaultlineConfig load(Flags flags) throws ConfigException, Flags.UsageException {
        FaultlineConfig config = flags.has("config")
                ? FaultlineConfig.load(Path.of(flags.get("config")))
                : FaultlineConfig.defaults();
        Map<String, String> overrides = new LinkedHashMap<>();
        if (flags.has("output")) {
            overrides.put("output.uri", flags.get("output"));
        }
        if (flags.has("parallelism")) {
            overrides.put("parallelism", Long.toString(flags.getLong("parallelism", 0, 0, 1024)));
        }
        return overrides.isEmpty() ? config : config.withOverrides(overrides);
    }
}
