package io.faultline.jobs.functions;

/**
 * One subtask's share of one window of one (model, version): a serialized
 * {@link io.faultline.common.stats.WindowProfile}. Serialized once per window and subtask, never per
 * record; a byte array keeps the type a Kryo-free POJO with the profile's own versioned format.
 */
public class WindowPartial {
    public String model;
    public String modelVersion;
    public long windowStart;
    public long windowEnd;
    public byte[] profile;

    public WindowPartial() {}

    public WindowPartial(String model, String modelVersion, long windowStart, long windowEnd, byte[] profile) {
        this.model = model;
        this.modelVersion = modelVersion;
        this.windowStart = windowStart;
        this.windowEnd = windowEnd;
        this.profile = profile;
    }

    public String modelVersionKey() {
        return model + '|' + modelVersion;
    }
}
