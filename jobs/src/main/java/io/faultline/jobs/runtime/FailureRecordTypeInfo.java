package io.faultline.jobs.runtime;

import io.faultline.common.model.FailureRecord;
import org.apache.flink.api.common.serialization.SerializerConfig;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.TypeSerializer;

/**
 * The type of {@link FailureRecord} on every edge and in every state of the pipeline: an atomic (non-key) type
 * serialized by {@link FailureRecordSerializer}. {@code FailureRecord} lives in {@code common}, which knows no
 * Flink, so it cannot carry a {@code @TypeInfo} annotation: every operator that emits catalog rows declares
 * this type ({@code returns}, its side output's tag, its state descriptor). Left to type extraction, the class
 * would be a POJO, and a POJO-typed stream no longer unions with the pipeline's catalog streams.
 */
public final class FailureRecordTypeInfo extends TypeInformation<FailureRecord> {
    private static final long serialVersionUID = 1L;

    @Override
    public boolean isBasicType() {
        return false;
    }

    @Override
    public boolean isTupleType() {
        return false;
    }

    @Override
    public int getArity() {
        return 1;
    }

    @Override
    public int getTotalFields() {
        return 1;
    }

    @Override
    public Class<FailureRecord> getTypeClass() {
        return FailureRecord.class;
    }

    @Override
    public boolean isKeyType() {
        return false;
    }

    @Override
    public TypeSerializer<FailureRecord> createSerializer(SerializerConfig config) {
        return new FailureRecordSerializer();
    }

    @Override
    public String toString() {
        return "FailureRecordTypeInfo";
    }

    @Override
    public boolean equals(Object obj) {
        return obj instanceof FailureRecordTypeInfo;
    }

    @Override
    public int hashCode() {
        return FailureRecordTypeInfo.class.hashCode();
    }

    @Override
    public boolean canEqual(Object obj) {
        return obj instanceof FailureRecordTypeInfo;
    }
}
