using System.Net;
using System.Net.Sockets;
using EvoPo.Coordinator.Cli;
using EvoPo.Coordinator.Hosting;

namespace EvoPo.Coordinator.Tests.Hosting;

public sealed class JournalPreflightTests
{
    [Fact]
    public async Task An_unreachable_postgres_is_named_in_the_error_instead_of_a_hang()
    {
        var port = ClosedPort();
        var journal = JournalOptions.Postgres($"Host=127.0.0.1;Port={port};Username=u;Password=p;Database=d");
        var error = await Assert.ThrowsAsync<CliException>(() => JournalPreflight.CheckAsync(journal, CancellationToken.None));
        Assert.Contains($"127.0.0.1:{port}", error.Message);
        Assert.Contains("database 'd'", error.Message);
    }

    [Fact]
    public async Task A_malformed_connection_string_is_refused()
    {
        var error = await Assert.ThrowsAsync<CliException>(() =>
            JournalPreflight.CheckAsync(JournalOptions.Postgres("Hots=x"), CancellationToken.None));
        Assert.Contains("connection string is not valid", error.Message);
    }

    [Fact]
    public async Task Sqlite_needs_no_check() =>
        await JournalPreflight.CheckAsync(JournalOptions.Sqlite("/nonexistent/dir/evopo.db"), CancellationToken.None);

    private static int ClosedPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
