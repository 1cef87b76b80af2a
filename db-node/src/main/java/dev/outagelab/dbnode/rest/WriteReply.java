package dev.outagelab.dbnode.rest;

/**
 * What a committed write answers: the key, the GTID it was committed under, and semi-sync's verdict:
 * {@code acknowledged} (a replica durably has it), {@code timed-out} (nobody acknowledged in time; the primary fell
 * back to async) or {@code async} (semi-sync off or fallen back: the write did not wait).
 */
public record WriteReply(String key, String gtid, String semiSync) {
}
