package org.londiste4j.londiste;

/**
 * The answer of {@code londiste.create_trigger(5)}: 200 (made or already right) or 201 (none made: no_triggers,
 * virtual_table, or a leaf without trigger functions), and the row trigger's name.
 */
public record CreatedTrigger(int retCode, String retNote, String triggerName) {
}
