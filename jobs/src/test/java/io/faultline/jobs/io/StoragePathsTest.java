package io.faultline.jobs.io;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class StoragePathsTest {

    @Test
    void relativeLocalPathsBecomeAbsoluteFileUris() {
        String expected = "file:" + Path.of("out").toAbsolutePath().normalize();

        assertThat(StoragePaths.location("./out").toString()).isEqualTo(expected);
        assertThat(StoragePaths.location("out/").toString()).isEqualTo(expected);
        assertThat(StoragePaths.table("./out", "failures").toString()).isEqualTo(expected + "/failures");
    }

    @Test
    void absoluteLocalPathsAndFileUrisAgree() {
        assertThat(StoragePaths.table("/tmp/x", "failures").toString()).isEqualTo("file:/tmp/x/failures");
        assertThat(StoragePaths.table("file:///tmp/x", "failures").toString()).isEqualTo("file:/tmp/x/failures");
        assertThat(StoragePaths.table("file:/tmp/x/", "failures").toString()).isEqualTo("file:/tmp/x/failures");
        assertThat(StoragePaths.table("/tmp/with space", "dead_letter").toUri().getPath())
                .isEqualTo("/tmp/with space/dead_letter");
    }

    @Test
    void objectStoreUrisKeepTheirSchemeAndBucket() {
        assertThat(StoragePaths.table("s3://bucket/prefix", "late_events").toString())
                .isEqualTo("s3://bucket/prefix/late_events");
        assertThat(StoragePaths.table("s3://bucket", "failures").toString()).isEqualTo("s3://bucket/failures");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", " ", " /tmp/x", "s3://", "s3:///prefix", "s3:bucket", "file://tmp/x",
            "file:relative", "s3://bucket/p?x=1", "s3://bucket/p#frag", "s3://bad bucket/p", "~/out"})
    void obviouslyBadLocationsAreRejectedByValue(String location) {
        assertThatThrownBy(() -> StoragePaths.table(location, "failures"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'" + location + "'");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "Failures", "../x", "a/b", "1st"})
    void tableNamesMustBeSnakeCase(String table) {
        assertThatThrownBy(() -> StoragePaths.table("/tmp/x", table))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'" + table + "'");
    }
}
