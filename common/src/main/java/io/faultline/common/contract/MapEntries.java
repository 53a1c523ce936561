package io.faultline.common.contract;

import java.util.Arrays;

/**
 * Scratch space for the entries of one JSON object (features, scores, attributes or feature_flags):
 * collected in arrival order, then ordered by key. Sorting replaces a hash set for duplicate detection
 * (duplicates end up adjacent) and gives the sorted order the model types require anyway. Reused for
 * every object of every record, so decoding a record allocates only its output arrays.
 */
final class MapEntries {
    static final byte NUMBER = 0;
    static final byte TEXT = 1;
    static final byte MISSING = 2;

    /** Below this size insertion sort beats merge sort, and records rarely have more features. */
    private static final int INSERTION_SORT_MAX = 24;

    String[] keys = new String[32];
    byte[] kinds = new byte[32];
    double[] numbers = new double[32];
    String[] texts = new String[32];
    /** After {@link #sortByKey}: indexes into the arrays above, in ascending key order. */
    int[] order = new int[32];
    private int[] mergeScratch = new int[32];
    int size;

    void clear() {
        // Drop the previous object's strings so a decoder never pins a large record's values in memory.
        Arrays.fill(keys, 0, size, null);
        Arrays.fill(texts, 0, size, null);
        size = 0;
    }

    void add(String key, byte kind, double number, String text) {
        if (size == keys.length) {
            int capacity = size * 2;
            keys = Arrays.copyOf(keys, capacity);
            kinds = Arrays.copyOf(kinds, capacity);
            numbers = Arrays.copyOf(numbers, capacity);
            texts = Arrays.copyOf(texts, capacity);
            order = new int[capacity];
            mergeScratch = new int[capacity];
        }
        keys[size] = key;
        kinds[size] = kind;
        numbers[size] = number;
        texts[size] = text;
        size++;
    }

    /**
     * Orders the entries by key ({@link String#compareTo}, i.e. UTF-16 code units) into {@link #order}.
     *
     * @param field the object's field name, for the message
     * @throws ContractViolation {@link ErrorCode#DUPLICATE_FIELD} when a key occurs twice
     */
    void sortByKey(String field) throws ContractViolation {
        for (int i = 0; i < size; i++) {
            order[i] = i;
        }
        if (size <= INSERTION_SORT_MAX) {
            insertionSort(0, size);
        } else {
            mergeSort(0, size);
        }
        for (int i = 1; i < size; i++) {
            String key = keys[order[i]];
            if (key.equals(keys[order[i - 1]])) {
                throw new ContractViolation(ErrorCode.DUPLICATE_FIELD,
                        field + " has key " + MessageText.quote(key) + " more than once");
            }
        }
    }

    int count(byte kind) {
        int count = 0;
        for (int i = 0; i < size; i++) {
            if (kinds[i] == kind) {
                count++;
            }
        }
        return count;
    }

    String[] sortedKeys() {
        String[] sorted = new String[size];
        for (int i = 0; i < size; i++) {
            sorted[i] = keys[order[i]];
        }
        return sorted;
    }

    String[] sortedTexts() {
        String[] sorted = new String[size];
        for (int i = 0; i < size; i++) {
            sorted[i] = texts[order[i]];
        }
        return sorted;
    }

    private void insertionSort(int from, int to) {
        for (int i = from + 1; i < to; i++) {
            int moving = order[i];
            String key = keys[moving];
            int j = i - 1;
            while (j >= from && keys[order[j]].compareTo(key) > 0) {
                order[j + 1] = order[j];
                j--;
            }
            order[j + 1] = moving;
        }
    }

    private void mergeSort(int from, int to) {
        if (to - from <= INSERTION_SORT_MAX) {
            insertionSort(from, to);
            return;
        }
        int middle = (from + to) >>> 1;
        mergeSort(from, middle);
        mergeSort(middle, to);
        System.arraycopy(order, from, mergeScratch, from, to - from);
        int left = from;
        int right = middle;
        for (int out = from; out < to; out++) {
            if (right >= to || (left < middle && keys[mergeScratch[left]].compareTo(keys[mergeScratch[right]]) <= 0)) {
                order[out] = mergeScratch[left++];
            } else {
                order[out] = mergeScratch[right++];
            }
        }
    }
}
