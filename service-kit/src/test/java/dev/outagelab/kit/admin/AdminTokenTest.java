package dev.outagelab.kit.admin;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class AdminTokenTest {

    private final AdminToken token = new AdminToken("s3cret-token-of-enough-length");

    @Test
    void permitsOnlyTheExactBearerToken() {
        assertTrue(token.permits("Bearer s3cret-token-of-enough-length"));
        assertTrue(token.permits("bearer s3cret-token-of-enough-length"));
        assertFalse(token.permits("Bearer s3cret-token-of-enough-lengt"));
        assertFalse(token.permits("Bearer s3cret-token-of-enough-length2"));
        assertFalse(token.permits("Basic s3cret-token-of-enough-length"));
        assertFalse(token.permits("s3cret-token-of-enough-length"));
        assertFalse(token.permits("Bearer "));
        assertFalse(token.permits(null));
    }

    @Test
    void refusesToStartWithAShortTokenNamingTheSetting() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new AdminToken("short"));
        assertTrue(e.getMessage().contains("lab.admin.token"));
    }
}
