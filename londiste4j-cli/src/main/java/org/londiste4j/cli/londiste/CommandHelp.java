package org.londiste4j.cli.londiste;

import picocli.CommandLine;
import picocli.CommandLine.Help;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;
import picocli.CommandLine.Model.UsageMessageSpec;

import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The {@code --help} of one londiste3 command as a user types the command: {@code Usage: londiste3 [switches]
 * CONFIG.ini add-table [--all] ... [TABLE...]}, then the command's own options, then one line for the generic
 * switches. Picocli would write {@code londiste3 add-table [-dhkqrsVv] ...} (no CONFIG.ini, the switches of
 * every command repeated in each), which sends a first-time user to a command line that cannot work.
 *
 * <p>The generic switches are recognised by name as the root command's options, so a switch added to
 * {@code GenericOptions} moves to the switches line by itself.
 */
final class CommandHelp {
    private CommandHelp() {
    }

    /** Makes the help of {@code sub}, a subcommand of {@code root}, show only its own arguments. */
    static void install(CommandLine root, CommandLine sub) {
        Set<String> generic = root.getCommandSpec().options().stream().map(OptionSpec::longestName)
                .collect(Collectors.toSet());
        String switches = root.getCommandSpec().options().stream()
                .sorted(Comparator.comparingInt(OptionSpec::order))
                .map(o -> o.shortestName() + (o.arity().max() > 0 ? " " + o.paramLabel() : ""))
                .collect(Collectors.joining(" "));
        var map = sub.getHelpSectionMap();
        map.put(UsageMessageSpec.SECTION_KEY_SYNOPSIS, help -> synopsis(help, generic));
        map.put(UsageMessageSpec.SECTION_KEY_OPTION_LIST, help -> {
            List<OptionSpec> own = own(help.commandSpec(), generic);
            return help.optionListExcludingGroups(own) + "Switches (see londiste3 --help): " + switches + "\n";
        });
    }

    private static List<OptionSpec> own(CommandSpec spec, Set<String> generic) {
        return spec.options().stream().filter(o -> !generic.contains(o.longestName())).toList();
    }

    private static String synopsis(Help help, Set<String> generic) {
        CommandSpec spec = help.commandSpec();
        // a copy without the generic switches, named as the user types it, so picocli wraps the line itself
        CommandSpec shown = CommandSpec.create().name("londiste3 [switches] CONFIG.ini " + spec.name());
        shown.usageMessage().width(spec.usageMessage().width());
        own(spec, generic).forEach(o -> shown.addOption(OptionSpec.builder(o).build()));
        for (PositionalParamSpec p : spec.positionalParameters()) {
            shown.addPositional(PositionalParamSpec.builder(p).build());
        }
        return new Help(shown, help.colorScheme()).synopsis(help.synopsisHeadingLength());
    }
}
