using System.Runtime.InteropServices;
using EvoPo.Coordinator.Cli;

namespace EvoPo.Coordinator;

public static class Program
{
    public static async Task<int> Main(string[] args)
    {
        using var cancellation = new CancellationTokenSource();
        // Ctrl-C and SIGTERM (docker stop, kubectl delete) ask the command to stop cleanly; a second one kills.
        void Stop(PosixSignalContext context)
        {
            if (cancellation.IsCancellationRequested) return;
            context.Cancel = true;
            Console.Error.WriteLine($"{context.Signal}: stopping; what is done is kept ({context.Signal} again to kill)...");
            cancellation.Cancel();
        }
        using var sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, Stop);
        using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, Stop);
        return await new CliApp(Commands.Create()).RunAsync(args, cancellation.Token);
    }
}
