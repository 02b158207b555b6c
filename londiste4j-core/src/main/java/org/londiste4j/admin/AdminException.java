package org.londiste4j.admin;

import org.londiste4j.L4jException;

/**
 * An admin command refused its input or found the node in the wrong state (wrong node type, a table without a
 * primary key, an unknown table): one line naming the thing and what to do, raised before anything changed.
 */
public class AdminException extends L4jException {
    private static final long serialVersionUID = 1L;

    public AdminException(String message) {
        super(message);
    }
}
