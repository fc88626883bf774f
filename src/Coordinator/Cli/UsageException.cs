namespace EvoPo.Coordinator.Cli;

/// <summary>
/// The command line itself is wrong in a way one option's declaration cannot see (options that go together or
/// exclude each other, a value that names something missing); the CLI prints "evopo &lt;command&gt;: problem" and a
/// pointer to the command's help, exit code 2.
/// </summary>
public sealed class UsageException(string problem) : Exception(problem);
