using System.Net;
using System.Net.Sockets;
using Akka.Actor;
using EvoPo.Coordinator.Hosting;
using EvoPo.Coordinator.Http;
using EvoPo.Coordinator.Tests.EndToEnd;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Npgsql;

namespace EvoPo.Coordinator.Tests.Http;

public sealed class JournalHealthCheckTests : IDisposable
{
    // A first connection in a loaded test process can take seconds (JIT, authentication); nodes answer within 3 s.
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    private readonly string _dir = Directory.CreateTempSubdirectory("evopo-journal-health-").FullName;
    private readonly ActorSystem _system = ActorSystem.Create("journal-health");

    public void Dispose()
    {
        _system.Dispose();
        Directory.Delete(_dir, recursive: true);
    }

    [Fact]
    public async Task A_sqlite_journal_that_goes_away_or_turns_to_garbage_fails_the_check()
    {
        var path = Path.Combine(_dir, "evopo.db");
        File.WriteAllBytes(path, []);
        var check = Check(JournalOptions.Sqlite(path), [NodeRoles.Coordinator]);
        Assert.Equal(HealthStatus.Healthy, (await CheckAsync(check)).Status);

        File.Delete(path);
        var gone = await CheckAsync(check);
        Assert.Equal(HealthStatus.Unhealthy, gone.Status);
        Assert.Equal($"the SQLite journal {path} does not exist (deleted or moved, or not created yet)", gone.Description);

        File.WriteAllText(path, new string('x', 4096));
        var garbage = await CheckAsync(check);
        Assert.Equal(HealthStatus.Unhealthy, garbage.Status);
        Assert.StartsWith($"the SQLite journal {path} cannot be read (", garbage.Description);
    }

    [Fact]
    public async Task An_unreachable_postgres_journal_fails_the_check_naming_it()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        var check = Check(JournalOptions.Postgres($"Host=127.0.0.1;Port={port};Username=u;Password=p;Database=d"), [NodeRoles.Coordinator]);

        var result = await CheckAsync(check);
        Assert.Equal(HealthStatus.Unhealthy, result.Status);
        Assert.StartsWith($"cannot open the PostgreSQL journal at 127.0.0.1:{port}, database 'd', user 'u': ", result.Description);
    }

    [PostgresFact]
    public async Task A_postgres_journal_passes_while_it_answers_and_fails_once_its_database_is_gone()
    {
        var connection = new NpgsqlConnectionStringBuilder(PostgresFactAttribute.ConnectionString);
        Assert.Equal(HealthStatus.Healthy, (await CheckAsync(Check(JournalOptions.Postgres(connection.ConnectionString), [NodeRoles.Coordinator]))).Status);

        connection.Database = "evopo_gone_" + Guid.NewGuid().ToString("N");
        var gone = await CheckAsync(Check(JournalOptions.Postgres(connection.ConnectionString), [NodeRoles.Coordinator]));
        Assert.Equal(HealthStatus.Unhealthy, gone.Status);
        Assert.Contains($"database '{connection.Database}'", gone.Description);
    }

    [Fact]
    public async Task A_journal_that_does_not_answer_in_time_fails_the_check()
    {
        // A listener that accepts connections and never answers, as a hung database server does.
        using var silent = new TcpListener(IPAddress.Loopback, 0);
        silent.Start();
        var port = ((IPEndPoint)silent.LocalEndpoint).Port;
        var probe = new NodeProbe();
        probe.Attach(new NodeOptions { Journal = JournalOptions.Postgres($"Host=127.0.0.1;Port={port};Username=u;Password=p;Database=d"), Roles = [NodeRoles.Coordinator] }, _system);

        var result = await CheckAsync(new JournalHealthCheck(probe, TimeSpan.Zero, TimeSpan.FromSeconds(0.5)));
        Assert.Equal(HealthStatus.Unhealthy, result.Status);
        Assert.Equal("the journal did not answer within 0.5 s", result.Description);
    }

    [Fact]
    public async Task Nodes_without_a_journal_pass()
    {
        var worker = Check(JournalOptions.Sqlite(Path.Combine(_dir, "missing.db")), [NodeRoles.Worker]);
        Assert.Equal(HealthStatus.Healthy, (await CheckAsync(worker)).Status);
        Assert.Equal(HealthStatus.Healthy, (await CheckAsync(new JournalHealthCheck(new NodeProbe(), TimeSpan.Zero, Patience))).Status);
    }

    [Fact]
    public async Task One_answer_serves_the_probes_for_a_while()
    {
        var path = Path.Combine(_dir, "evopo.db");
        File.WriteAllBytes(path, []);
        var probe = new NodeProbe();
        probe.Attach(new NodeOptions { Journal = JournalOptions.Sqlite(path), Roles = [NodeRoles.Coordinator] }, _system);
        var check = new JournalHealthCheck(probe, TimeSpan.FromHours(1), Patience);
        Assert.Equal(HealthStatus.Healthy, (await CheckAsync(check)).Status);
        File.Delete(path);
        Assert.Equal(HealthStatus.Healthy, (await CheckAsync(check)).Status);
    }

    private JournalHealthCheck Check(JournalOptions journal, IReadOnlyList<string> roles)
    {
        var probe = new NodeProbe();
        probe.Attach(new NodeOptions { Journal = journal, Roles = roles }, _system);
        return new JournalHealthCheck(probe, TimeSpan.Zero, Patience);
    }

    private static Task<HealthCheckResult> CheckAsync(IHealthCheck check) => check.CheckHealthAsync(new HealthCheckContext());
}
