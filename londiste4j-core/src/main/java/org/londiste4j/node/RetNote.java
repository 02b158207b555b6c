package org.londiste4j.node;

/**
 * The {@code (ret_code, ret_note)} answer of a pgq_node function that succeeded: 100-199 for "nothing to do"
 * or "ok, read-only", 200-299 for "done" (codes of 300 and up are thrown as {@link NodeException}).
 */
public record RetNote(int retCode, String retNote) {
}
