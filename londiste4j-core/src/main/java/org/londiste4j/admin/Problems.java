package org.londiste4j.admin;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The refusals of one admin command, gathered before anything changes: one line per kind of problem, naming
 * every object that has it and what to do ({@code add-table: no primary key: public.a, public.b; add one ...}).
 */
final class Problems {
    private final String command;
    private final Map<String, List<String>> names = new LinkedHashMap<>();
    private final Map<String, String> todo = new LinkedHashMap<>();

    Problems(String command) {
        this.command = command;
    }

    void add(String what, String name, String whatToDo) {
        names.computeIfAbsent(what, k -> new ArrayList<>()).add(0, name);
        todo.putIfAbsent(what, whatToDo);
    }

    boolean isEmpty() {
        return names.isEmpty();
    }

    /** The lines, in the order the kinds were first met. */
    List<String> lines() {
        var out = new ArrayList<String>();
        names.forEach((what, list) -> out.add(command + ": " + what + ": " + String.join(", ", dedup(list))
                + "; " + todo.get(what)));
        return out;
    }

    /** Rolls {@code tx} back and throws, when there is any problem. */
    void throwIfAny(Connection tx) throws SQLException {
        if (!isEmpty()) {
            tx.rollback();
            throw new AdminException(String.join("\n", lines()) + "\n" + command + ": nothing changed");
        }
    }

    private static List<String> dedup(List<String> l) {
        return l.stream().distinct().sorted().toList();
    }
}
