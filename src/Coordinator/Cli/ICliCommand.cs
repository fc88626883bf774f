namespace EvoPo.Coordinator.Cli;

/// <summary>One <c>evopo</c> sub-command. Commands parse their own <see cref="CliArgs"/> and return an exit code.</summary>
public interface ICliCommand
{
    /// <summary>What follows <c>evopo</c>, e.g. "search" or "bench train".</summary>
    string Name { get; }

    string Summary { get; }

    /// <summary>Usage lines and at least one example, printed by <c>--help</c>.</summary>
    string Usage { get; }

    Task<int> RunAsync(CliArgs args, CancellationToken cancellation);
}
