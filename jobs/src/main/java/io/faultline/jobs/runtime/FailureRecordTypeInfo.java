package io.faultline.jobs.runtime;

import io.faultline.common.model.FailureRecord;
import org.apache.flink.api.common.typeutils.TypeSerializer;

/**
 * The type of {@link FailureRecord} on every edge and in every state of the pipeline: an atomic (non-key) type
 * serialized by {@link FailureRecordSerializer}. {@code FailureRecord} lives in {@code common}, which knows no
 * Flink, so it cannot carry a {@code @TypeInfo} annotation: every operator that emits catalog rows declares
 * this type ({@code returns}, its side output's tag, its state descriptor). Left to type extraction, the class
 * would be a POJO, and a POJO-typed stream no longer unions with the pipeline's catalog streams.
 */
public final class FailureRecordTypeInfo extends CompactRecordTypeInfo<FailureRecord> {
    private static final long serialVersionUID = 1L;

    public FailureRecordTypeInfo() {
        super(FailureRecord.class);
    }

    @Override
    protected TypeSerializer<FailureRecord> serializer() {
        return new FailureRecordSerializer();
    }
}
