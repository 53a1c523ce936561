package io.faultline.jobs.functions;

import io.faultline.common.contract.ContractDecoder;
import io.faultline.common.contract.ContractViolation;
import io.faultline.common.model.DeadLetter;
import io.faultline.common.model.RawRecord;
import io.faultline.common.model.SourceKind;
import io.faultline.jobs.runtime.Accounting;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/**
 * Decodes and validates raw records of one input against contract v1. Valid records go downstream;
 * every rejected record goes to the {@link #DEAD_LETTERS} side output with its error code, message,
 * position and payload. Nothing is dropped and nothing throws.
 */
public class DecodeFunction<T> extends ProcessFunction<RawRecord, T> {
    /** Turns a decoded record into what goes downstream (e.g. wraps it), inside the decode operator. */
    @FunctionalInterface
    public interface Wrapper<T> extends java.io.Serializable {
        T wrap(Object decoded);
    }

    public static final OutputTag<DeadLetter> DEAD_LETTERS = new OutputTag<>("dead-letters") {};

    private final SourceKind kind;
    private final boolean decodedIsValid;
    private final Wrapper<T> wrapper;
    private transient ContractDecoder decoder;
    private transient Accounting.Count valid;
    private transient Accounting.Count read;
    private transient Accounting.Count deadLetters;
    private transient Accounting.Count unknownFields;
    private transient long unknownFieldsReported;

    /**
     * @param decodedIsValid true when no later stage can still reject a decoded record (deployments have
     *     no lateness or dedup), so decoding is their final outcome and is counted as {@code valid} here
     */
    @SuppressWarnings("unchecked")
    public DecodeFunction(SourceKind kind, boolean decodedIsValid) {
        this(kind, decodedIsValid, decoded -> (T) decoded);
    }

    public DecodeFunction(SourceKind kind, boolean decodedIsValid, Wrapper<T> wrapper) {
        this.kind = kind;
        this.decodedIsValid = decodedIsValid;
        this.wrapper = wrapper;
    }

    @Override
    public void open(OpenContext openContext) {
        decoder = new ContractDecoder();
        String source = kind.tableValue();
        read = Accounting.count(getRuntimeContext(), Accounting.name(source, Accounting.READ));
        deadLetters = Accounting.count(getRuntimeContext(), Accounting.name(source, Accounting.DEAD_LETTER));
        unknownFields = Accounting.count(getRuntimeContext(), Accounting.CONTRACT_UNKNOWN_FIELDS);
        valid = decodedIsValid ? Accounting.count(getRuntimeContext(), Accounting.name(source, Accounting.VALID)) : null;
    }

    @Override
    public void processElement(RawRecord raw, Context ctx, Collector<T> out) {
        read.inc();
        T decoded;
        try {
            decoded = wrapper.wrap(decoder.decode(kind, raw.payload));
        } catch (ContractViolation violation) {
            deadLetters.inc();
            ctx.output(DEAD_LETTERS, ContractDecoder.deadLetter(raw, violation));
            return;
        }
        long seen = decoder.unknownFieldsSeen();
        if (seen != unknownFieldsReported) {
            unknownFields.add(seen - unknownFieldsReported);
            unknownFieldsReported = seen;
        }
        if (valid != null) {
            valid.inc();
        }
        out.collect(decoded);
    }
}
