package dev.outagelab.dbnode.rest;

/** What a committed write answers: the key and the GTID it was committed under. */
public record WriteReply(String key, String gtid) {
}
