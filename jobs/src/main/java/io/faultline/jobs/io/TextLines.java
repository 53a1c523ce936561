package io.faultline.jobs.io;

import java.io.Closeable;
import java.io.IOException;
import java.io.Reader;

/**
 * Splits text into lines on {@code '\n'} only, dropping one trailing {@code '\r'} per line (so CRLF files
 * read like LF files). Unlike {@link java.io.BufferedReader#readLine()}, a lone {@code '\r'} inside a line
 * does not end it: a record's line number must match what {@code sed -n Np} and editors show.
 */
final class TextLines implements Closeable {

    private final Reader in;
    private final char[] buffer = new char[8192];
    private final StringBuilder longLine = new StringBuilder();
    private int position;
    private int limit;

    TextLines(Reader in) {
        this.in = in;
    }

    /** The next line without its terminator, or null at the end. Text after the last newline is a line. */
    String next() throws IOException {
        longLine.setLength(0);
        boolean started = false;
        while (true) {
            if (position == limit && !fill()) {
                return started ? withoutCarriageReturn(longLine.toString()) : null;
            }
            int start = position;
            while (position < limit && buffer[position] != '\n') {
                position++;
            }
            if (position < limit) {
                String line = started
                        ? longLine.append(buffer, start, position - start).toString()
                        : new String(buffer, start, position - start);
                position++;
                return withoutCarriageReturn(line);
            }
            longLine.append(buffer, start, position - start);
            started = true;
        }
    }

    private boolean fill() throws IOException {
        int read = in.read(buffer, 0, buffer.length);
        position = 0;
        limit = Math.max(read, 0);
        return read > 0;
    }

    private static String withoutCarriageReturn(String line) {
        int length = line.length();
        return length > 0 && line.charAt(length - 1) == '\r' ? line.substring(0, length - 1) : line;
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
