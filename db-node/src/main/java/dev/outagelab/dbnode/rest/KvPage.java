package dev.outagelab.dbnode.rest;

import java.util.List;

/**
 * A page of a listing: its items in key order, and {@code next}, the key to pass as {@code after} for the
 * following page, or {@code null} when this page is the last.
 */
public record KvPage(List<KvItem> items, String next) {
}
