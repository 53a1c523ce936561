package io.faultline.common.contract;

/**
 * Why an input record was rejected. The names are stable: they are written to the dead-letter output and
 * counted in metrics, and analysts filter on them. Add new codes, never rename or reuse one. Every code
 * is listed with an example in {@code docs/contract.md} (a test fails when one is missing there).
 */
public enum ErrorCode {
    EMPTY_PAYLOAD("The payload is null, empty or only whitespace."),
    PAYLOAD_TOO_LARGE("The payload is longer than " + ContractDecoder.MAX_PAYLOAD_CHARS + " characters; it is not parsed."),
    INVALID_JSON("The payload is not well-formed JSON (syntax error or truncated record), or trips a parser safety limit."),
    NOT_AN_OBJECT("The top-level JSON value is not an object (an array, string, number, boolean or null)."),
    TRAILING_CONTENT("Something other than whitespace follows the top-level JSON object."),
    TOO_DEEPLY_NESTED("JSON objects or arrays are nested deeper than " + ContractDecoder.MAX_NESTING_DEPTH + " levels."),
    DUPLICATE_FIELD("A key appears more than once in the same object (top level, features, scores, attributes or feature_flags)."),
    MISSING_FIELD("A required field is absent or JSON null."),
    WRONG_TYPE("A known field (or a value inside features, scores, attributes or feature_flags) has the wrong JSON type."),
    EMPTY_VALUE("A string that must not be empty is empty: event_id, prediction, label, or a key of features, scores, attributes or feature_flags."),
    INVALID_TIMESTAMP("A time field is not ISO-8601 with a UTC offset nor integer epoch milliseconds, is not a valid date-time, or lies outside 1970..2200."),
    NON_FINITE_NUMBER("A number is NaN or infinite (written as NaN/Infinity, or too large for a double, such as 1e999)."),
    OUT_OF_RANGE("A number is outside its allowed range (confidence and scores in [0, 1], latency_ms >= 0, schema_version >= 1)."),
    VALUE_TOO_LONG("A string, key or number literal is longer than its limit."),
    UNSAFE_PARTITION_VALUE("model or model_version is not 1-128 chars of [A-Za-z0-9._-] or starts with '.'; it would be unsafe as a partition directory."),
    UNSUPPORTED_SCHEMA_VERSION("schema_version is newer than the version this build supports (" + ContractDecoder.SUPPORTED_SCHEMA_VERSION + ")."),
    INVALID_ENUM_VALUE("A field restricted to a fixed set of values has another value (label source: outcome, human or system)."),
    TOO_MANY_ENTRIES("An object has more than " + ContractDecoder.MAX_ENTRIES + " entries (features, scores, attributes or feature_flags).");

    private final String description;

    ErrorCode(String description) {
        this.description = description;
    }

    /** One line saying when the code is produced; used in {@code docs/contract.md}. */
    public String description() {
        return description;
    }
}
