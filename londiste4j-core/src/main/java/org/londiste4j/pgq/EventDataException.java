package org.londiste4j.pgq;

import org.londiste4j.L4jException;

/** Event data that cannot be decoded in the format its type promises (broken JSON). */
public class EventDataException extends L4jException {
    public EventDataException(String message) {
        super(message);
    }
}
