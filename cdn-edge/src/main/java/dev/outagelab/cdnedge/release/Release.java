package dev.outagelab.cdnedge.release;

import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * The edge software releases the lab can run ({@code edge.release}). Like Fastly's May 12, 2021 deployment,
 * 2021.05.12 carries a latent bug that no config reaches until a customer pushes a valid one that does: see
 * {@link SharedHeaderIndex}. 2021.06.08 is the permanent fix.
 */
public enum Release {
    R2021_05_12("2021.05.12", true),
    R2021_06_08("2021.06.08", false);

    private final String version;
    private final boolean sharedHeaderIndex;

    Release(String version, boolean sharedHeaderIndex) {
        this.version = version;
        this.sharedHeaderIndex = sharedHeaderIndex;
    }

    public String version() {
        return version;
    }

    /** True for the release that looks response-header rules up in one index shared by every service. */
    public boolean usesSharedHeaderIndex() {
        return sharedHeaderIndex;
    }

    public static Release of(String version) {
        return Arrays.stream(values()).filter(r -> r.version.equals(version)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("edge.release must be one of "
                        + Arrays.stream(values()).map(Release::version).collect(Collectors.joining(", "))
                        + ", was '" + version + "'"));
    }
}
