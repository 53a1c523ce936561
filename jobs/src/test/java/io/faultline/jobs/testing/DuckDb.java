package io.faultline.jobs.testing;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/** DuckDB (in-memory, offline) reading our Parquet back, the way an analyst would. */
public final class DuckDb implements AutoCloseable {
    private final Connection connection;

    public DuckDb() throws SQLException {
        connection = DriverManager.getConnection("jdbc:duckdb:");
        try (Statement s = connection.createStatement()) {
            // Never reach out for extensions: Parquet is built in, and tests run offline.
            s.execute("SET autoinstall_known_extensions=false");
            s.execute("SET autoload_known_extensions=false");
        }
    }

    /**
     * {@code read_parquet('<root>/<table>/**}{@code /*.parquet', hive_partitioning=true, hive_types=...)}, with
     * the partition columns typed as documented (DuckDB would otherwise guess, e.g. a numeric model name).
     */
    public static String table(Path root, String table) {
        String second = table.equals("dead_letter") || table.equals("late_events") ? "source" : "model";
        return "read_parquet('" + root.resolve(table).toAbsolutePath() + "/**/*.parquet', hive_partitioning=true,"
                + " hive_types={'dt': DATE, '" + second + "': VARCHAR})";
    }

    /** Every row of the query rendered as one string, columns in order, {@code |}-separated. */
    public List<String> rows(String sql) throws SQLException {
        List<String> rows = new ArrayList<>();
        try (Statement s = connection.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            ResultSetMetaData md = rs.getMetaData();
            while (rs.next()) {
                StringBuilder b = new StringBuilder();
                for (int i = 1; i <= md.getColumnCount(); i++) {
                    if (i > 1) {
                        b.append('|');
                    }
                    b.append(rs.getString(i));
                }
                rows.add(b.toString());
            }
        }
        return rows;
    }

    /**
     * Asserts that {@code table} under {@code actualRoot} holds exactly the rows it holds under
     * {@code expectedRoot} (all columns but {@code excluded}), compared in {@code orderBy} order, and
     * that it is not empty.
     */
    public void assertSameRows(Path expectedRoot, Path actualRoot, String table, String orderBy, String... excluded)
            throws SQLException {
        String select = excluded.length == 0 ? "SELECT * FROM " : "SELECT * EXCLUDE (" + String.join(", ", excluded) + ") FROM ";
        List<String> expected = rows(select + table(expectedRoot, table) + " ORDER BY " + orderBy);
        List<String> actual = rows(select + table(actualRoot, table) + " ORDER BY " + orderBy);
        org.assertj.core.api.Assertions.assertThat(expected).as(table + " under " + expectedRoot).isNotEmpty();
        org.assertj.core.api.Assertions.assertThat(actual).as(table + " under " + actualRoot)
                .containsExactlyElementsOf(expected);
    }

    public long count(String sql) throws SQLException {
        try (Statement s = connection.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    @Override
    public void close() throws SQLException {
        connection.close();
    }
}
