package dev.outagelab.kit.admin;

import io.smallrye.config.ConfigMapping;

/** The admin token guards every admin and fault endpoint; it comes from {@code LAB_ADMIN_TOKEN} or a Secret. */
@ConfigMapping(prefix = "lab.admin")
public interface AdminConfig {

    /** Required: there is deliberately no default outside dev and test profiles. */
    String token();
}
