package dev.outagelab.dbnode.rest;

import java.nio.charset.StandardCharsets;
import java.util.Optional;

/** What makes a key acceptable; the answer is the reason it is not, so the 400 can say it. */
final class KeyRules {

    private KeyRules() {
    }

    static Optional<String> problem(String key, int maxKeyBytes) {
        if (key == null || key.isEmpty()) {
            return Optional.of("key must not be empty");
        }
        int bytes = key.getBytes(StandardCharsets.UTF_8).length;
        if (bytes > maxKeyBytes) {
            return Optional.of("key is " + bytes + " bytes; at most " + maxKeyBytes + " are allowed");
        }
        // Control characters would make keys ambiguous in logs and in the ledger an operator reads.
        if (key.chars().anyMatch(Character::isISOControl)) {
            return Optional.of("key must not contain control characters");
        }
        return Optional.empty();
    }
}
