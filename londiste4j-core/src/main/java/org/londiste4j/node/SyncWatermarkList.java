package org.londiste4j.node;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The node list of a branch created with {@code --sync-watermark=NODES}, kept in its node attribute
 * {@code sync_watermark} (urlencoded, comma-separated): NodeAdmin checks and writes it, the worker's watermark sync
 * reads it. One reading for both, so that what the admin accepted is what the worker follows.
 */
public final class SyncWatermarkList {
    /** The node attribute's name. */
    public static final String ATTR = "sync_watermark";

    private SyncWatermarkList() {
    }

    /** The node names of a comma-separated list, in order, stripped, blanks left out. */
    public static List<String> parse(String csv) {
        List<String> out = new ArrayList<>();
        if (csv == null) {
            return out;
        }
        for (String n : csv.split(",")) {
            if (!n.isBlank()) {
                out.add(n.strip());
            }
        }
        return out;
    }

    /** The node names of the {@code sync_watermark} attribute in urlencoded node attributes; empty when none. */
    public static List<String> ofAttrs(String nodeAttrs) {
        if (nodeAttrs == null || nodeAttrs.isBlank()) {
            return List.of();
        }
        for (String kv : nodeAttrs.split("&")) {
            int eq = kv.indexOf('=');
            if (eq > 0 && URLDecoder.decode(kv.substring(0, eq), StandardCharsets.UTF_8).equals(ATTR)) {
                return List.copyOf(parse(URLDecoder.decode(kv.substring(eq + 1), StandardCharsets.UTF_8)));
            }
        }
        return List.of();
    }
}
