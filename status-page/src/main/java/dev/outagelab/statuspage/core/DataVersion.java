package dev.outagelab.statuspage.core;

import jakarta.enterprise.context.ApplicationScoped;

import java.util.concurrent.atomic.AtomicLong;

/**
 * Counts the moments what the page shows can change: after every probe round and every change a person makes.
 * Readers that build something expensive from the history (the page) rebuild only when it moved.
 */
@ApplicationScoped
public class DataVersion {

    private final AtomicLong version = new AtomicLong();

    public void bump() {
        version.incrementAndGet();
    }

    public long current() {
        return version.get();
    }
}
