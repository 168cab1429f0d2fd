package io.vidstore.cli;

import picocli.AutoComplete;
import picocli.CommandLine.Command;
import picocli.CommandLine.HelpCommand;
import picocli.CommandLine.IVersionProvider;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;

/** The {@code vidstore} command itself, which only dispatches to its subcommands. */
@Command(name = "vidstore",
        mixinStandardHelpOptions = true,
        versionProvider = RootCommand.Version.class,
        description = "Stores, streams, inspects and renders media with constant memory.",
        subcommands = {
            PutCommand.class, GetCommand.class, ListCommand.class, StatCommand.class,
            RemoveCommand.class, ProbeCommand.class, ThumbCommand.class, RenderCommand.class,
            MigrateLegacyCommand.class, CheckCommand.class, QuarantineCommand.class,
            ServeCommand.class, DemoCommand.class,
            HelpCommand.class, AutoComplete.GenerateCompletion.class},
        footerHeading = "%n",
        footer = {
            "The store: --store DIR, else $VIDSTORE_HOME, else ./vidstore-data. Only put creates",
            "a store; the other commands fail when there is none.",
            "",
            "Exit codes: 0 ok, 1 failure (or problems found by check), 2 usage error,",
            "3 no media with that id."})
final class RootCommand implements Runnable {

    @Spec
    private CommandSpec spec;

    @Option(names = "--verbose", scope = ScopeType.INHERIT,
            description = "Print stack traces with errors, and log at INFO (on stderr).")
    private boolean verbose;

    @Override
    public void run() {
        throw new ParameterException(spec.commandLine(), "a command is required: put, get, ls, stat, rm,"
                + " probe, thumb, render, migrate-legacy, check, quarantine, serve or demo");
    }

    /** The version from the jar's manifest. */
    static final class Version implements IVersionProvider {
        @Override
        public String[] getVersion() {
            String version = RootCommand.class.getPackage().getImplementationVersion();
            return new String[] {"vidstore " + (version == null ? "(development build)" : version),
                "Java ${java.version}, ${os.name} ${os.arch}"};
        }
    }
}
