package org.londiste4j.cli;

import org.junit.jupiter.api.Test;
import org.londiste4j.config.ConfigKeys;
import org.londiste4j.config.ConfigTemplate;
import org.londiste4j.config.IniFile;
import org.londiste4j.config.JobConfig;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

/**
 * Golden {@code --ini} samples. After a deliberate change of the keys, regenerate with
 * {@code mvn verify -pl londiste4j-cli -Dgolden.update=true} and review the diff.
 */
class ConfigTemplateTest {

    @Test
    void pgqdSampleShouldMatchGolden() throws IOException {
        golden("pgqd.ini", ConfigTemplate.render(ConfigKeys.PGQD));
    }

    @Test
    void londisteJobSampleShouldMatchGolden() throws IOException {
        golden("londiste-base.ini", ConfigTemplate.render(ConfigKeys.LONDISTE_BASE));
    }

    @Test
    void sampleShouldBeAValidConfigWithoutWarnings() {
        for (var keys : List.of(ConfigKeys.PGQD, ConfigKeys.LONDISTE_BASE)) {
            var ini = IniFile.parse(ConfigTemplate.render(keys), keys.program() + ".ini");
            var cf = JobConfig.of(ini, keys.sections().get(0), keys, Map.of());
            assertEquals(List.of(), cf.check(), keys.program());
        }
    }

    static void golden(String name, String actual) throws IOException {
        if (Boolean.getBoolean("golden.update")) {
            Files.writeString(Path.of("src/test/resources/golden", name), actual);
            return; // the classpath copy is the old one until the next build
        }
        try (InputStream in = ConfigTemplateTest.class.getResourceAsStream("/golden/" + name)) {
            assertNotNull(in, "golden file " + name + " is missing; run with -Dgolden.update=true");
            assertEquals(new String(in.readAllBytes(), StandardCharsets.UTF_8), actual,
                    "--ini output changed; if deliberate, regenerate with -Dgolden.update=true");
        }
    }
}
