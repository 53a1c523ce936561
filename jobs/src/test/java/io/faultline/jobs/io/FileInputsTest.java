package io.faultline.jobs.io;

import org.apache.flink.api.connector.source.Boundedness;
import org.apache.flink.core.fs.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.util.List;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class FileInputsTest {

    @TempDir
    java.nio.file.Path dir;

    @BeforeEach
    void createFiles() throws IOException {
        for (String file : List.of(
                "preds-1.jsonl.gz", "preds-2.jsonl.gz", "preds-3.jsonl", "labels.jsonl",
                ".preds-4.jsonl.gz", "_preds-5.jsonl.gz", "preds-6.jsonl.gz.inprogress",
                "2026/10/preds-7.jsonl", "2026/.staging/preds-8.jsonl", "_tmp/preds-9.jsonl",
                "preds-dir/preds-10.jsonl")) {
            java.nio.file.Path path = dir.resolve(file);
            Files.createDirectories(path.getParent());
            Files.writeString(path, "{}\n");
        }
    }

    @Test
    void aFileResolvesToItself() throws IOException {
        assertThat(names(FileInputs.resolve(dir.resolve("labels.jsonl").toString()))).containsExactly("labels.jsonl");
    }

    @Test
    void aFileNamedExplicitlyIsReadEvenIfItsNameLooksHidden() throws IOException {
        assertThat(names(FileInputs.resolve(dir.resolve("_preds-5.jsonl.gz").toString())))
                .containsExactly("_preds-5.jsonl.gz");
    }

    @Test
    void aDirectoryResolvesToEveryVisibleFileBeneathIt() throws IOException {
        assertThat(names(FileInputs.resolve(dir.toString()))).containsExactly(
                "2026/10/preds-7.jsonl", "labels.jsonl", "preds-1.jsonl.gz", "preds-2.jsonl.gz",
                "preds-3.jsonl", "preds-6.jsonl.gz.inprogress", "preds-dir/preds-10.jsonl");
    }

    @Test
    void aGlobInTheLastComponentMatchesVisibleNamesOnly() throws IOException {
        assertThat(names(FileInputs.resolve(dir + "/preds-*.jsonl.gz")))
                .containsExactly("preds-1.jsonl.gz", "preds-2.jsonl.gz");
        assertThat(names(FileInputs.resolve(dir + "/preds-[13].*")))
                .containsExactly("preds-1.jsonl.gz", "preds-3.jsonl");
        assertThat(names(FileInputs.resolve(dir + "/{labels,preds-3}.jsonl")))
                .containsExactly("labels.jsonl", "preds-3.jsonl");
    }

    @Test
    void aGlobMatchingADirectoryTakesEveryVisibleFileBeneathIt() throws IOException {
        assertThat(names(FileInputs.resolve(dir + "/preds-d*"))).containsExactly("preds-dir/preds-10.jsonl");
    }

    @Test
    void fileUrisResolveLikePlainPaths() throws IOException {
        assertThat(FileInputs.resolve(dir.toUri() + "preds-*.jsonl.gz"))
                .isEqualTo(FileInputs.resolve(dir + "/preds-*.jsonl.gz"))
                .allSatisfy(path -> assertThat(path.toUri().getScheme()).isEqualTo("file"));
    }

    @Test
    void aSpecMatchingNothingIsRejectedByName() {
        String noMatch = dir + "/nothing-*.jsonl";
        String missing = dir + "/missing.jsonl";

        assertThatThrownBy(() -> FileInputs.resolve(noMatch))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining(noMatch);
        assertThatThrownBy(() -> FileInputs.resolve(missing))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining(missing);
        assertThatThrownBy(() -> FileInputs.resolve(dir + "/no-such-dir/*.jsonl"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no-such-dir");
        assertThatThrownBy(() -> FileInputs.resolve(dir.resolve("_tmp") + "/.x*"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("matches no files");
    }

    @Test
    void aDirectoryNamedExplicitlyIsReadEvenIfItsNameLooksHidden() throws IOException {
        assertThat(names(FileInputs.resolve(dir.resolve("2026/.staging").toString())))
                .containsExactly("2026/.staging/preds-8.jsonl");
    }

    @Test
    void aGlobBeforeTheLastComponentIsRejected() {
        assertThatThrownBy(() -> FileInputs.resolve(dir + "/*/preds-7.jsonl"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("only the last component");
    }

    @Test
    void sourceIsBoundedOverTheResolvedFiles() throws IOException {
        assertThat(FileInputs.source(dir + "/preds-*.jsonl.gz", "predictions").getBoundedness())
                .isEqualTo(Boundedness.BOUNDED);
    }

    private List<String> names(List<Path> files) {
        java.nio.file.Path root = dir.toAbsolutePath();
        return files.stream()
                .map(p -> root.relativize(java.nio.file.Path.of(p.toUri())).toString())
                .collect(Collectors.toList());
    }
}
