using EvoPo.Coordinator.Cli;

namespace EvoPo.Coordinator;

public static class Program
{
    public static async Task<int> Main(string[] args)
    {
        using var cancellation = new CancellationTokenSource();
        // First Ctrl-C asks the command to stop cleanly; a second one kills the process.
        Console.CancelKeyPress += (_, e) =>
        {
            if (cancellation.IsCancellationRequested) return;
            e.Cancel = true;
            Console.Error.WriteLine("stopping after the current step (Ctrl-C again to kill)...");
            cancellation.Cancel();
        };
        return await new CliApp(Commands.All).RunAsync(args, cancellation.Token);
    }
}
