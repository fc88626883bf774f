namespace EvoPo.Coordinator.Api;

/// <summary>
/// A coordinator's watch for runs nobody drives (<see cref="RunHost.AdoptAsync"/>), every <see cref="RunHost.AdoptionPeriod"/>
/// until it stops. A pass that fails (the journal database briefly unreachable) is named once per distinct reason and
/// tried again at the next period.
/// </summary>
public static class RunAdoption
{
    public static async Task RepeatAsync(RunHost host, TextWriter console, CancellationToken stop)
    {
        string? lastProblem = null;
        while (!stop.IsCancellationRequested)
        {
            try
            {
                await host.AdoptAsync(stop);
                lastProblem = null;
                await Task.Delay(host.AdoptionPeriod, stop);
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                // Whatever failed, the watch goes on: a coordinator that stopped looking would leave dead coordinators' runs alone.
                if (e.Message != lastProblem) console.WriteLine($"looking for runs to take over failed: {e.Message}; trying again every {host.AdoptionPeriod.TotalSeconds:0.#} s");
                lastProblem = e.Message;
                try
                {
                    await Task.Delay(host.AdoptionPeriod, stop);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
        }
    }
}
