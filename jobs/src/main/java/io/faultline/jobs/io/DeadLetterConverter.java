package io.faultline.jobs.io;

import io.faultline.common.model.DeadLetter;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;

import static io.faultline.jobs.io.DeadLetterAvroSchema.*;

/** Maps a {@link DeadLetter} onto a {@link DeadLetterAvroSchema} row, reusing one record object. */
public final class DeadLetterConverter implements AvroRecordConverter<DeadLetter> {

    private final GenericData.Record row = new GenericData.Record(DeadLetterAvroSchema.SCHEMA);

    @Override
    public GenericRecord toAvro(DeadLetter deadLetter) {
        row.put(SOURCE, deadLetter.source);
        row.put(ERROR_CODE, deadLetter.errorCode);
        row.put(MESSAGE, deadLetter.message);
        row.put(POSITION, deadLetter.position);
        row.put(INGESTED_AT, deadLetter.ingestedAt);
        row.put(RAW_PAYLOAD, deadLetter.rawPayload);
        row.put(PAYLOAD_TRUNCATED, deadLetter.payloadTruncated);
        return row;
    }
}
