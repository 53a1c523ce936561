package io.faultline.jobs.io;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import org.apache.flink.core.fs.FileStatus;
import org.apache.flink.core.fs.FileSystem;
import org.apache.flink.core.fs.Path;

/**
 * Makes a finished backfill's output visible: the backfill wrote its tables under a hidden staging root
 * ({@code <root>/_staging/<run>/}, invisible to {@code <table>/**}{@code /*.parquet} globs), and only when the job
 * succeeded are its day partitions moved into place.
 *
 * <p>For event-time tables ({@code failures/}, {@code window_stats/}) each affected day
 * ({@code dt=YYYY-MM-DD}, with every model below it) is <b>replaced</b>: the days the run wrote, plus
 * every day of its requested range, so a re-run over the same range leaves the same rows, never twice. A
 * run that fails before publishing leaves the previous content as it was. Tables partitioned by ingestion
 * day ({@code dead_letter/}, {@code late_events/}) are <b>appended</b>: they record what each run rejected.
 *
 * <p>Each day is swapped by delete-then-rename: on a local file system the window in which a reader sees
 * the day empty is a rename; on S3 (copy, then delete) it is longer. Days are not swapped atomically
 * together.
 */
public final class PartitionPublisher {
    private PartitionPublisher() {}

    /** What was published: the days replaced per table and the files appended. */
    public record Published(List<String> replacedDays, int appendedFiles) {}

    public static Published publish(Path staging, Path root, List<String> replacedTables, List<String> appendedTables,
            List<String> rangeDays) throws IOException {
        FileSystem fs = staging.getFileSystem();
        List<String> replaced = new ArrayList<>();
        for (String table : replacedTables) {
            Path stagedTable = new Path(staging, table);
            Path targetTable = new Path(root, table);
            TreeSet<String> days = new TreeSet<>();
            for (FileStatus day : list(fs, stagedTable)) {
                days.add(day.getPath().getName());
            }
            for (String day : rangeDays) {
                days.add("dt=" + day);
            }
            for (String day : days) {
                Path target = new Path(targetTable, day);
                if (fs.exists(target)) {
                    fs.delete(target, true);
                }
                Path staged = new Path(stagedTable, day);
                if (fs.exists(staged)) {
                    fs.mkdirs(targetTable);
                    if (!fs.rename(staged, target)) {
                        throw new IOException("could not move " + staged + " to " + target);
                    }
                }
                replaced.add(table + "/" + day);
            }
        }
        int appended = 0;
        for (String table : appendedTables) {
            appended += moveFiles(fs, new Path(staging, table), new Path(root, table));
        }
        fs.delete(staging, true);
        return new Published(replaced, appended);
    }

    /** Moves every visible file below {@code from} to the same relative place below {@code to}. */
    private static int moveFiles(FileSystem fs, Path from, Path to) throws IOException {
        int moved = 0;
        for (FileStatus entry : list(fs, from)) {
            Path target = new Path(to, entry.getPath().getName());
            if (entry.isDir()) {
                moved += moveFiles(fs, entry.getPath(), target);
            } else {
                fs.mkdirs(to);
                if (!fs.rename(entry.getPath(), target)) {
                    throw new IOException("could not move " + entry.getPath() + " to " + target);
                }
                moved++;
            }
        }
        return moved;
    }

    /** Visible entries of {@code dir} (names starting with '.' or '_' are in-progress or bookkeeping files). */
    private static List<FileStatus> list(FileSystem fs, Path dir) throws IOException {
        List<FileStatus> visible = new ArrayList<>();
        if (!fs.exists(dir)) {
            return visible;
        }
        FileStatus[] entries = fs.listStatus(dir);
        if (entries == null) {
            return visible;
        }
        for (FileStatus e : entries) {
            String name = e.getPath().getName();
            if (!name.startsWith(".") && !name.startsWith("_")) {
                visible.add(e);
            }
        }
        return visible;
    }
}
