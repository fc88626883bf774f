using System.Net;
using System.Net.Sockets;
using EvoPo.Coordinator.Cli;
using EvoPo.Coordinator.Hosting;
using Microsoft.Data.Sqlite;

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
    public async Task A_missing_sqlite_journal_is_fine_because_it_is_created_on_first_use() =>
        await JournalPreflight.CheckAsync(JournalOptions.Sqlite("/nonexistent/dir/evopo.db"), CancellationToken.None);

    [Theory]
    [InlineData("garbage", "cannot be read")]
    [InlineData("truncated", "cannot be read")]
    [InlineData("directory", "is a directory, not a database file")]
    public async Task A_corrupt_sqlite_journal_is_named_in_one_line(string damage, string message)
    {
        var dir = Directory.CreateTempSubdirectory("evopo-journal-").FullName;
        try
        {
            var path = Path.Combine(dir, "evopo.db");
            var journal = JournalOptions.Sqlite(path);
            await using (var connection = new SqliteConnection($"Data Source={path};Pooling=False"))
            {
                await connection.OpenAsync();
                await using var command = connection.CreateCommand();
                command.CommandText = "CREATE TABLE t(x BLOB); " + string.Concat(Enumerable.Repeat("INSERT INTO t VALUES (randomblob(3000)); ", 64));
                await command.ExecuteNonQueryAsync();
            }
            await JournalPreflight.CheckAsync(journal, CancellationToken.None); // sound before the damage
            switch (damage)
            {
                case "garbage":
                    File.WriteAllBytes(path, Enumerable.Range(0, 8192).Select(i => (byte)(i * 7919 % 251)).ToArray());
                    break;
                case "truncated":
                    using (var file = new FileStream(path, FileMode.Open)) file.SetLength(file.Length / 2);
                    break;
                case "directory":
                    File.Delete(path);
                    Directory.CreateDirectory(path);
                    break;
            }
            var error = await Assert.ThrowsAsync<CliException>(() => JournalPreflight.CheckAsync(journal, CancellationToken.None));
            Assert.StartsWith($"the SQLite journal {path} ", error.Message);
            Assert.Contains(message, error.Message);
            Assert.DoesNotContain('\n', error.Message);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    private static int ClosedPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
