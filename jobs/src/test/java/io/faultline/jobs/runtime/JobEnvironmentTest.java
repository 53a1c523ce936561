package io.faultline.jobs.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import io.faultline.common.config.FaultlineConfig;
import java.util.Map;
import org.apache.flink.api.common.RuntimeExecutionMode;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.MemorySize;
import org.apache.flink.configuration.TaskManagerOptions;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class JobEnvironmentTest {

    private static Configuration conf(String parallelism, RuntimeExecutionMode mode) throws Exception {
        FaultlineConfig config = FaultlineConfig.defaults().withOverrides(Map.of("parallelism", parallelism));
        return JobEnvironment.flinkConfiguration(config, mode);
    }

    /** 1 MB network buffers only where 256 MB of them are enough: streaming at parallelism 1 and 2. */
    @ParameterizedTest
    @CsvSource({"1, STREAMING, 1mb", "2, STREAMING, 1mb", "4, STREAMING, 32kb", "0, STREAMING, 32kb",
            "1, BATCH, 32kb", "2, BATCH, 32kb"})
    void networkBuffersAreLargeOnlyAtLowStreamingParallelism(String parallelism, RuntimeExecutionMode mode,
            String expected) throws Exception {
        Configuration conf = conf(parallelism, mode);
        assertThat(conf.get(TaskManagerOptions.MEMORY_SEGMENT_SIZE)).isEqualTo(MemorySize.parse(expected));
        // The network memory stays what it was: 256 buffers of 1 MB, 8,192 of 32 KB.
        assertThat(conf.get(TaskManagerOptions.NETWORK_MEMORY_MAX)).isEqualTo(MemorySize.parse("256mb"));
    }
}
