package dev.outagelab.lab.local;

import java.io.IOException;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The lab's secrets and who gets them. Each goes to an instance through its environment, never its command line
 * (which any local user can read with ps), and only to the components that use it.
 *
 * @param adminToken bearer token of every /admin endpoint (base64url, easy to paste into curl)
 * @param tsigSecret HMAC-SHA256 key that signs DNS updates (standard base64, as nsupdate and dnsjava expect)
 */
public record LabSecrets(String adminToken, String tsigSecret) {

    public static final String ADMIN_TOKEN_ENV = "LAB_ADMIN_TOKEN";
    public static final String TSIG_SECRET_ENV = "DNS_TSIG_SECRET";

    public static LabSecrets loadOrCreate(LabPaths paths) throws IOException {
        return new LabSecrets(
                SecretFile.loadOrCreate(paths.adminTokenFile(), Base64.getUrlEncoder().withoutPadding()),
                SecretFile.loadOrCreate(paths.tsigSecretFile(), Base64.getEncoder()));
    }

    /** Resolvers verify DNS updates and orchestrators sign them; nobody else needs the TSIG key. */
    public Map<String, String> environmentFor(String module) {
        Map<String, String> env = new LinkedHashMap<>();
        env.put(ADMIN_TOKEN_ENV, adminToken);
        if (module.equals("dns-resolver") || module.equals("orchestrator")) {
            env.put(TSIG_SECRET_ENV, tsigSecret);
        }
        return env;
    }
}
