package io.faultline.common.contract;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** Keeps {@code docs/contract.md} and {@link ErrorCode} from drifting apart. */
class ContractDocTest {
    /** Relative to the {@code common} module directory, Maven's working directory for tests. */
    private static final Path CONTRACT_DOC = Path.of("..", "docs", "contract.md");

    @Test
    void everyErrorCodeIsDocumentedWithItsDescription() throws IOException {
        String doc = Files.readString(CONTRACT_DOC, StandardCharsets.UTF_8);

        for (ErrorCode code : ErrorCode.values()) {
            assertThat(doc).as("docs/contract.md row for %s", code)
                    .contains("| `" + code.name() + "` | " + code.description() + " |");
        }
    }

    @Test
    void theDocumentNamesNoCodeThatDoesNotExist() throws IOException {
        String doc = Files.readString(CONTRACT_DOC, StandardCharsets.UTF_8);

        Set<String> codes = Arrays.stream(ErrorCode.values()).map(Enum::name).collect(Collectors.toSet());

        doc.lines().filter(line -> line.matches("\\| `[A-Z_]+` \\|.*")).forEach(line -> {
            String documented = line.substring(3, line.indexOf('`', 3));
            assertThat(codes).as("codes in ErrorCode").contains(documented);
        });
    }
}
