package org.londiste4j.config;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** ConfigParser's dialect, line by line. */
class IniFileTest {

    @Test
    void shouldReadBothDelimitersCommentsAndCaseInsensitiveKeys() {
        var ini = IniFile.parse("; a comment\n# another\n[Job]\nKey = a = b\nother: x:y\n  ; indented comment\n"
                + "empty =\n", "t.ini");
        var s = ini.section("Job");
        assertEquals("a = b", s.get("key").value());
        assertEquals("x:y", s.get("other").value());
        assertEquals("", s.get("empty").value());
        assertEquals(4, s.get("key").line());
        assertTrue(!ini.hasSection("job"), "section names are case-sensitive");
    }

    @Test
    void shouldJoinContinuationLinesKeepingInnerBlankLines() {
        var ini = IniFile.parse("[s]\nk = one\n  two\n\n  three\n\nnext = 1\n", "t.ini");
        assertEquals("one\ntwo\n\nthree", ini.section("s").get("k").value());
        assertEquals("1", ini.section("s").get("next").value());
    }

    @Test
    void shouldTreatInlineSemicolonAsPartOfValue() {
        var ini = IniFile.parse("[s]\nk = a ; b\n", "t.ini");
        assertEquals("a ; b", ini.section("s").get("k").value());
    }

    @Test
    void shouldReadKeysBeforeAnyHeaderAsOneSection() {
        var ini = IniFile.parse("db = dbname=x\n[DEFAULT]\nd = 1\n", "t.ini");
        assertEquals(List.of(IniFile.NO_SECTION), ini.sections());
        assertEquals("dbname=x", ini.section(IniFile.NO_SECTION).get("db").value());
        assertEquals("1", ini.defaults().get("d").value());
        assertEquals(IniFile.NO_SECTION, ini.chooseSection(List.of("londiste")));
    }

    @Test
    void shouldReportEverySyntaxErrorAtOnce() {
        var e = assertThrows(ConfigException.class,
                () -> IniFile.parse("[s]\njunk line\nk = 1\nk = 2\n[s]\n", "bad.ini"));
        assertEquals(List.of(
                "config bad.ini: line 2: 'junk line' is neither [section] nor key = value; fix or comment it out "
                        + "with #",
                "config bad.ini: line 4: key k is already set on line 3 of section [s]; keep one of them",
                "config bad.ini: line 5: section [s] already began on line 1; merge the two sections"),
                e.problems());
    }

    @Test
    void shouldExpandPercentEscapesAndRefuseLonePercent() {
        assertEquals("100%", Interpolation.expand("w", "k", "100%%", n -> null));
        var e = assertThrows(ConfigException.class,
                () -> Interpolation.expand("w", "db", "host=x password=s3%cret", n -> null));
        assertEquals("w: '%' at character 19 must be followed by '%' or '('; write %% for a literal %",
                e.getMessage());
        var open = assertThrows(ConfigException.class,
                () -> Interpolation.expand("w", "db", "password=%(s3cret", n -> null));
        assertFalse(open.getMessage().contains("s3cret"), open.getMessage());
        var loop = assertThrows(ConfigException.class,
                () -> Interpolation.expand("w", "a", "%(b)s", n -> n.equals("b") ? "%(a)s" : "%(b)s"));
        assertTrue(loop.getMessage().contains("loop"), loop.getMessage());
        assertEquals("X", Interpolation.expand("w", "a", "%(NAME)s", n -> n.equals("name") ? "X" : null));
    }
}
