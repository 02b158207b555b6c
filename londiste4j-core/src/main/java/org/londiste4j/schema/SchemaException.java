package org.londiste4j.schema;

import org.londiste4j.L4jException;

/** A schema cannot be installed or upgraded: a newer install, a missing resource, a failed script. */
public class SchemaException extends L4jException {
    public SchemaException(String message) {
        super(message);
    }

    public SchemaException(String message, Throwable cause) {
        super(message, cause);
    }
}
