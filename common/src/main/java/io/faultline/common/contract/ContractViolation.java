package io.faultline.common.contract;

import java.util.Objects;

/**
 * A record that breaks the input contract: a stable {@link ErrorCode} and a message naming the field, the
 * offending value and what was expected. Thrown once per rejected record, so it captures no stack trace:
 * the stack says nothing about the data, and filling it in dominates the cost of rejecting a record.
 */
public final class ContractViolation extends Exception {
    private static final long serialVersionUID = 1L;

    private final ErrorCode code;

    public ContractViolation(ErrorCode code, String message) {
        super(message, null, false, false);
        this.code = Objects.requireNonNull(code, "code");
    }

    public ErrorCode code() {
        return code;
    }

    @Override
    public synchronized Throwable fillInStackTrace() {
        return this;
    }

    @Override
    public String toString() {
        return code + ": " + getMessage();
    }
}
