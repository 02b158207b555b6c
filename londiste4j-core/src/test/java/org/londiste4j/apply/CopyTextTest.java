package org.londiste4j.apply;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class CopyTextTest {
    private static String esc(String v) {
        StringBuilder sb = new StringBuilder();
        CopyText.appendValue(sb, v);
        return sb.toString();
    }

    @Test
    void escapesWhatCopyTextReadsSpecially() {
        assertEquals("\\N", esc(null));
        assertEquals("", esc(""));
        assertEquals("\\\\N", esc("\\N"));
        assertEquals("a\\tb\\nc\\rd\\\\e", esc("a\tb\nc\rd\\e"));
        assertEquals("\\\\.", esc("\\."));
        assertEquals("ü€ \"q\" 'x' ,;|", esc("ü€ \"q\" 'x' ,;|"));
    }
}
