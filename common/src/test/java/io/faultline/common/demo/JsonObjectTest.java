package io.faultline.common.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

class JsonObjectTest {

    @Test
    void decimalsAreFixedPointWithoutLocaleExponentOrNegativeZero() {
        assertThat(JsonObject.decimal(45.0, 2)).isEqualTo("45.00");
        assertThat(JsonObject.decimal(0.05, 2)).isEqualTo("0.05");
        assertThat(JsonObject.decimal(-1.26, 1)).isEqualTo("-1.3");
        assertThat(JsonObject.decimal(-0.004, 2)).isEqualTo("0.00");
        assertThat(JsonObject.decimal(1.0e9, 1)).isEqualTo("1000000000.0");
        assertThat(JsonObject.decimal(7.6, 0)).isEqualTo("8");
        assertThatThrownBy(() -> JsonObject.decimal(Double.NaN, 2)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void timestampsAlwaysHaveMilliseconds() {
        assertThat(JsonObject.isoMillis(1_790_812_800_000L)).isEqualTo("2026-10-01T00:00:00.000Z");
        assertThat(JsonObject.isoMillis(1_790_812_800_123L)).isEqualTo("2026-10-01T00:00:00.123Z");
    }

    @Test
    void rendersNestedObjectsInOrderAndEscapesStrings() throws Exception {
        JsonObject features = new JsonObject().putDecimal("amount", 12.5, 2).putNull("distance_km");
        JsonObject line = new JsonObject()
                .putString("id", "a")
                .putObject("features", features)
                .putString("note", "says \"cancel\"\tnow\\")
                .putBoolean("flag", true)
                .putLong("n", -3);
        line.putString("id", "b"); // replaces in place, keeps the order
        assertThat(line.toString()).isEqualTo(
                "{\"id\":\"b\",\"features\":{\"amount\":12.50,\"distance_km\":null},"
                        + "\"note\":\"says \\\"cancel\\\"\\tnow\\\\\",\"flag\":true,\"n\":-3}");
        JsonNode parsed = new ObjectMapper().readTree(line.toString());
        assertThat(parsed.get("note").asText()).isEqualTo("says \"cancel\"\tnow\\");

        JsonObject copy = line.copy();
        copy.object("features").putRaw("amount", "NaN");
        assertThat(line.toString()).contains("\"amount\":12.50");
        assertThat(copy.remove("id").toString()).startsWith("{\"features\":{\"amount\":NaN,");
    }
}
