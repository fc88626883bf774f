namespace EvoPo.Coordinator.Store;

/// <summary>
/// Keeps a run's lease while this coordinator drives the run: renews it every quarter of its time to live, and calls
/// <paramref name="lost"/> once, with the reason, when the lease is no longer this coordinator's (another holder took it
/// after it expired) or could not be renewed for a whole time to live (the database unreachable): by then another
/// coordinator may have taken the run over, so this one must stop driving it. After each renewal it calls
/// <paramref name="renewed"/> (the host looks for a cancel request there).
/// </summary>
public sealed class RunLeaseKeeper : IAsyncDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;

    public RunLeaseKeeper(RunLeases leases, string runId, TimeSpan ttl, Action<string> lost, Func<CancellationToken, Task> renewed) =>
        _loop = KeepAsync(leases, runId, ttl, lost, renewed, _stop.Token);

    private static async Task KeepAsync(RunLeases leases, string runId, TimeSpan ttl, Action<string> lost, Func<CancellationToken, Task> renewed,
        CancellationToken stop)
    {
        var renewedAt = DateTime.UtcNow;
        string? problem = null;
        while (!stop.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(ttl / 4, stop);
                if (!await leases.TryAcquireAsync(runId, ttl, stop))
                {
                    lost("another coordinator holds its lease now");
                    return;
                }
                renewedAt = DateTime.UtcNow;
                await renewed(stop);
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                // Whatever failed, the lease was not renewed: a keeper that died here would let another coordinator take
                // the run while this one still drives it.
                problem = e.Message;
            }
            if (DateTime.UtcNow - renewedAt >= ttl)
            {
                lost($"its lease could not be renewed for {ttl.TotalSeconds:0} s ({problem})");
                return;
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _loop;
        _stop.Dispose();
    }
}
