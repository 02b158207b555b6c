package org.londiste4j.cli;

import org.londiste4j.schema.SchemaInstaller;
import picocli.CommandLine;

/** {@code -V}: the release of londiste4j. */
public final class VersionProvider implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
        return new String[] {"londiste4j " + SchemaInstaller.toolVersion()};
    }
}
