package org.londiste4j.config;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Tricky inputs with the values Python 3's {@code configparser.ConfigParser} gives for them (obtained by running
 * it on the same text), so that IniFile stays in its dialect.
 */
class IniDialectTest {
    record Case(String name, String text, Map<String, String> expected) {
        @Override
        public String toString() {
            return name;
        }
    }

    static List<Case> cases() {
        return List.of(
                new Case("indented keys", "[s]\n  a = 1\n  b = 2\n", Map.of("a", "1", "b", "2")),
                new Case("continuation of an indented key", "[s]\n  a = 1\n    x\n  b = 2\n",
                        Map.of("a", "1\nx", "b", "2")),
                new Case("blank line inside a value", "[s]\na = 1\n\n  two\nb=3\n", Map.of("a", "1\n\ntwo", "b", "3")),
                new Case("comment inside a value", "[s]\na = 1\n# c\n  two\n", Map.of("a", "1\ntwo")),
                new Case("colon before equals", "[s]\nurl: http://x=y\n", Map.of("url", "http://x=y")),
                new Case("blanks around the value", "[s]\nkey   =   value with  spaces   \n",
                        Map.of("key", "value with  spaces")),
                new Case("text after the header", "[s] junk\na=1\n", Map.of("a", "1")),
                new Case("empty value", "[s]\na=\n", Map.of("a", "")),
                new Case("tab continuation", "[s]\na=x\n\ty\n", Map.of("a", "x\ny")),
                new Case("upper-case key", "[s]\nKeY=1\n", Map.of("key", "1")),
                new Case("reference into DEFAULT", "[DEFAULT]\nbase=/x\n[s]\np=%(base)s/y\n",
                        Map.of("p", "/x/y", "base", "/x")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void shouldReadAsConfigParserDoes(Case c) {
        var ini = IniFile.parse(c.text(), "t.ini");
        var cf = JobConfig.of(ini, "s", ConfigKeys.LONDISTE_BASE, Map.of());
        var actual = new LinkedHashMap<String, String>();
        ini.section("s").keySet().forEach(k -> actual.put(k, cf.string(k).orElseThrow()));
        ini.defaults().keySet().forEach(k -> actual.put(k, cf.string(k).orElseThrow()));
        assertEquals(c.expected(), actual);
    }
}
