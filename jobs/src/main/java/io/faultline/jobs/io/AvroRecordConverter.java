package io.faultline.jobs.io;

import org.apache.avro.generic.GenericRecord;

/**
 * Fills an Avro record of one fixed schema from one of our POJOs, inside a Parquet writer.
 *
 * <p>One instance serves one open Parquet file, on one thread. Implementations may return the same record
 * object on every call: the Parquet writer shreds it into column buffers before it asks for the next one.
 */
public interface AvroRecordConverter<T> {

    GenericRecord toAvro(T value);
}
