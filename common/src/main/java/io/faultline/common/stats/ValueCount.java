package io.faultline.common.stats;

/** A value and how many times it was seen. */
public record ValueCount(String value, long count) {}
