package io.faultline.jobs.io;

import io.faultline.common.model.RawRecord;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.connector.file.src.FileSourceSplit;
import org.apache.flink.connector.file.src.reader.BulkFormat;
import org.apache.flink.connector.file.src.util.ArrayResultIterator;
import org.apache.flink.connector.file.src.util.CheckpointedPosition;
import org.apache.flink.core.fs.Path;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.zip.GZIPInputStream;

/**
 * Reads UTF-8 JSON-lines files (gzip-compressed when the name ends in {@code .gz}) as {@link RawRecord}s,
 * one per line, with position {@code <path>:<line>} (lines counted from 1).
 *
 * <p>Every line is emitted, blank ones included: decoding turns them into dead letters, so no input is
 * dropped without a trace. Bytes that are not valid UTF-8 become U+FFFD; a byte-order mark at the start of
 * the file is removed.
 *
 * <p>Files are not split: gzip streams cannot be entered in the middle, and line numbers need the whole
 * file. The checkpointed position is the number of lines already emitted ({@link CheckpointedPosition}
 * with {@link CheckpointedPosition#NO_OFFSET}); a restored reader re-reads and skips that many lines,
 * which works for compressed and uncompressed files alike.
 */
public final class JsonLinesFormat implements BulkFormat<RawRecord, FileSourceSplit> {

    private static final long serialVersionUID = 1L;

    /** Records per batch handed to Flink; bounded by {@link #MAX_BATCH_CHARS} as well for long lines. */
    static final int MAX_BATCH_RECORDS = 1_024;
    private static final long MAX_BATCH_CHARS = 4L << 20;
    private static final char BYTE_ORDER_MARK = '\uFEFF';

    private final String sourceName;

    /** @param sourceName value of {@link RawRecord#source}: {@code predictions}, {@code labels} or {@code deployments} */
    public JsonLinesFormat(String sourceName) {
        if (sourceName == null || sourceName.isBlank()) {
            throw new IllegalArgumentException("Source name must not be empty, got: '" + sourceName + "'");
        }
        this.sourceName = sourceName;
    }

    @Override
    public BulkFormat.Reader<RawRecord> createReader(Configuration config, FileSourceSplit split) throws IOException {
        return new LinesReader(sourceName, split.path(), 0L);
    }

    @Override
    public BulkFormat.Reader<RawRecord> restoreReader(Configuration config, FileSourceSplit split) throws IOException {
        long linesEmitted = 0L;
        if (split.getReaderPosition().isPresent()) {
            CheckpointedPosition position = split.getReaderPosition().get();
            if (position.getOffset() != CheckpointedPosition.NO_OFFSET) {
                throw new IOException("Cannot restore " + split.path() + " from " + position
                        + ": this format checkpoints line counts only, never byte offsets");
            }
            linesEmitted = position.getRecordsAfterOffset();
        }
        return new LinesReader(sourceName, split.path(), linesEmitted);
    }

    @Override
    public boolean isSplittable() {
        return false;
    }

    @Override
    public TypeInformation<RawRecord> getProducedType() {
        return TypeInformation.of(RawRecord.class);
    }

    private static final class LinesReader implements BulkFormat.Reader<RawRecord> {
        private final String sourceName;
        private final String positionPrefix;
        private final TextLines lines;
        private long linesEmitted;

        LinesReader(String sourceName, Path path, long linesToSkip) throws IOException {
            this.sourceName = sourceName;
            this.positionPrefix = path + ":";
            this.lines = new TextLines(new InputStreamReader(open(path), StandardCharsets.UTF_8));
            try {
                while (linesEmitted < linesToSkip && lines.next() != null) {
                    linesEmitted++;
                }
            } catch (IOException | RuntimeException e) {
                lines.close();
                throw e;
            }
        }

        private static InputStream open(Path path) throws IOException {
            InputStream in = path.getFileSystem().open(path);
            if (path.getName().toLowerCase(Locale.ROOT).endsWith(".gz")) {
                try {
                    return new GZIPInputStream(in, 64 * 1024);
                } catch (IOException e) {
                    in.close();
                    throw new IOException("Cannot read " + path + " as gzip: " + e.getMessage(), e);
                }
            }
            return in;
        }

        @Override
        public RecordIterator<RawRecord> readBatch() throws IOException {
            RawRecord[] batch = new RawRecord[MAX_BATCH_RECORDS];
            long skipCountOfFirst = linesEmitted;
            // Ingestion time is processing time and informational only; one clock read per batch suffices.
            long ingestedAt = System.currentTimeMillis();
            long chars = 0;
            int count = 0;
            String line;
            while (count < MAX_BATCH_RECORDS && chars < MAX_BATCH_CHARS && (line = lines.next()) != null) {
                if (linesEmitted == 0 && !line.isEmpty() && line.charAt(0) == BYTE_ORDER_MARK) {
                    line = line.substring(1);
                }
                linesEmitted++;
                batch[count++] = new RawRecord(sourceName, positionPrefix + linesEmitted, ingestedAt, line);
                chars += line.length();
            }
            if (count == 0) {
                return null;
            }
            ArrayResultIterator<RawRecord> iterator = new ArrayResultIterator<>();
            iterator.set(batch, count, CheckpointedPosition.NO_OFFSET, skipCountOfFirst);
            return iterator;
        }

        @Override
        public void close() throws IOException {
            lines.close();
        }
    }
}
