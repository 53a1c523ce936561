package io.faultline.jobs.io;

import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.flink.api.common.serialization.BulkWriter;
import org.apache.flink.core.fs.FSDataOutputStream;
import org.apache.flink.formats.parquet.ParquetBuilder;
import org.apache.flink.formats.parquet.ParquetWriterFactory;
import org.apache.flink.util.function.SerializableSupplier;
import org.apache.parquet.avro.AvroParquetWriter;
import org.apache.parquet.avro.AvroWriteSupport;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.io.OutputFile;

import java.io.IOException;

/**
 * Writes POJOs as compressed Parquet through parquet-avro, converting each element to Avro inside the
 * writer. The stream between operators therefore carries our POJOs (Flink serialises them as POJOs), and
 * Avro's {@code GenericRecord}, which Flink could only ship with Kryo, never leaves the sink.
 *
 * <p>Flink's own {@code AvroParquetWriters} factories cannot set a compression codec, hence this builder
 * over {@link AvroParquetWriter#builder(OutputFile)}.
 */
public final class AvroParquetWriterFactory<T> implements BulkWriter.Factory<T> {

    private static final long serialVersionUID = 1L;

    private final ParquetWriterFactory<GenericRecord> parquetWriters;
    private final SerializableSupplier<? extends AvroRecordConverter<T>> converters;

    /**
     * @param schema     Avro schema of the rows; its logical types become Parquet logical types
     * @param codec      page compression
     * @param converters makes one converter per open file (converters may hold reusable buffers)
     */
    public AvroParquetWriterFactory(
            Schema schema,
            CompressionCodecName codec,
            SerializableSupplier<? extends AvroRecordConverter<T>> converters) {
        this.parquetWriters = new ParquetWriterFactory<>(new GenericRecordParquetBuilder(schema, codec));
        this.converters = converters;
    }

    @Override
    public BulkWriter<T> create(FSDataOutputStream out) throws IOException {
        return new ConvertingWriter<>(parquetWriters.create(out), converters.get());
    }

    private static final class ConvertingWriter<T> implements BulkWriter<T> {
        private final BulkWriter<GenericRecord> parquet;
        private final AvroRecordConverter<T> converter;

        ConvertingWriter(BulkWriter<GenericRecord> parquet, AvroRecordConverter<T> converter) {
            this.parquet = parquet;
            this.converter = converter;
        }

        @Override
        public void addElement(T element) throws IOException {
            parquet.addElement(converter.toAvro(element));
        }

        @Override
        public void flush() throws IOException {
            parquet.flush();
        }

        @Override
        public void finish() throws IOException {
            parquet.finish();
        }
    }

    private static final class GenericRecordParquetBuilder implements ParquetBuilder<GenericRecord> {
        private static final long serialVersionUID = 1L;

        private final Schema schema;
        private final CompressionCodecName codec;

        GenericRecordParquetBuilder(Schema schema, CompressionCodecName codec) {
            this.schema = schema;
            this.codec = codec;
        }

        @Override
        public ParquetWriter<GenericRecord> createWriter(OutputFile out) throws IOException {
            return AvroParquetWriter.<GenericRecord>builder(out)
                    .withSchema(schema)
                    .withDataModel(GenericData.get())
                    .withCompressionCodec(codec)
                    // The default two-level list layout is a legacy form; the three-level LIST of the
                    // Parquet spec is what Spark, Trino and DuckDB all read without compatibility flags.
                    .config(AvroWriteSupport.WRITE_OLD_LIST_STRUCTURE, "false")
                    .build();
        }
    }
}
