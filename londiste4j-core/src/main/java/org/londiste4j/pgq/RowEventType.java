package org.londiste4j.pgq;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The {@code ev_type} of a table event written by the PgQ triggers: the row operation and the primary key
 * columns. Two spellings exist: {@code logutriga}/{@code sqltriga} write {@code I:pk1,pk2} (or just {@code I}),
 * {@code jsontriga} writes {@code {"op":"INSERT","table":["public","t"],"pkey":["pk1","pk2"]}}.
 *
 * <p>Column names in the {@code I:pk1,pk2} spelling are not quoted, so a key column whose name holds a comma
 * cannot be told apart: the original has the same limit.
 *
 * @param table {@code schema.table} when the type names it (jsontriga), else null: use {@code ev_extra1}
 */
public record RowEventType(Op op, List<String> pkey, String table) {

    /** Row operations, with the letter the urlencoded spelling uses ({@code R} is TRUNCATE). */
    public enum Op {
        INSERT('I'), UPDATE('U'), DELETE('D'), TRUNCATE('R');

        private final char letter;

        Op(char letter) {
            this.letter = letter;
        }

        public char letter() {
            return letter;
        }

        static Optional<Op> ofLetter(String s) {
            for (Op op : values()) {
                if (s.length() == 1 && s.charAt(0) == op.letter) {
                    return Optional.of(op);
                }
            }
            return Optional.empty();
        }

        static Optional<Op> ofName(String s) {
            for (Op op : values()) {
                if (op.name().equals(s)) {
                    return Optional.of(op);
                }
            }
            return Optional.empty();
        }
    }

    public RowEventType {
        pkey = List.copyOf(pkey);
    }

    /** Empty for event types that are not row events ({@code EXECUTE}, {@code pgq.tick-id}, ...). */
    public static Optional<RowEventType> parse(String evType) {
        if (evType == null || evType.isEmpty()) {
            return Optional.empty();
        }
        if (evType.charAt(0) == '{') {
            return parseJson(evType);
        }
        int colon = evType.indexOf(':');
        String op = colon < 0 ? evType : evType.substring(0, colon);
        String keys = colon < 0 ? "" : evType.substring(colon + 1);
        List<String> pkey = keys.isEmpty() ? List.of() : Arrays.asList(keys.split(",", -1));
        return Op.ofLetter(op).map(o -> new RowEventType(o, pkey, null));
    }

    private static Optional<RowEventType> parseJson(String evType) {
        Object parsed;
        try {
            parsed = Json.parse(evType);
        } catch (EventDataException e) {
            return Optional.empty();
        }
        if (!(parsed instanceof Map<?, ?> m) || !(m.get("op") instanceof String opName)) {
            return Optional.empty();
        }
        List<String> pkey = new ArrayList<>();
        if (m.get("pkey") instanceof List<?> keys) {
            for (Object k : keys) {
                pkey.add(String.valueOf(k));
            }
        }
        String table = null;
        if (m.get("table") instanceof List<?> t && t.size() == 2) {
            table = t.get(0) + "." + t.get(1);
        }
        String tbl = table;
        return Op.ofName(opName).map(o -> new RowEventType(o, pkey, tbl));
    }

    /** The urlencoded spelling, {@code I:pk1,pk2}. */
    public String render() {
        return pkey.isEmpty() ? String.valueOf(op.letter) : op.letter + ":" + String.join(",", pkey);
    }
}
