package io.faultline.jobs.cli;

import io.faultline.common.config.FaultlineConfig;
import java.io.PrintStream;
import java.io.OutputStream;

/** Lets tests in other packages build reference profiles the way {@code faultline profile} does. */
public final class ProfileCommandAccess {
    private ProfileCommandAccess() {}

    public static int profile(FaultlineConfig config, String predictions) throws Exception {
        return ProfileCommand.profile(config, predictions, null, null, new PrintStream(OutputStream.nullOutputStream()));
    }
}
