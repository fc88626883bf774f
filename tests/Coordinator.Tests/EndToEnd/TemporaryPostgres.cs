using System.Diagnostics;

namespace EvoPo.Coordinator.Tests.EndToEnd;

/// <summary>
/// A PostgreSQL server of one test's own (initdb into a temporary folder, loopback only, trust authentication for user
/// evopo), which the test may stop and start again without disturbing the shared server that other tests use. Run as
/// root (CI), the server programs run as the postgres user, as PostgreSQL requires.
/// </summary>
internal sealed class TemporaryPostgres : IDisposable
{
    private readonly string _bin;
    private readonly string _dir;
    private readonly int _port = FreePorts.Next();

    private TemporaryPostgres(string bin, string dir)
    {
        _bin = bin;
        _dir = dir;
    }

    public string ConnectionString => $"Host=127.0.0.1;Port={_port};Username=evopo;Database=postgres";

    /// <summary>Why no server can be made here (null when one can).</summary>
    public static string? MissingReason() => BinDirectory() is null
        ? "PostgreSQL's server programs are not installed (initdb and pg_ctl under /usr/lib/postgresql/<version>/bin; ./test installs the Debian package postgresql)"
        : null;

    public static TemporaryPostgres Create()
    {
        TestDependencies.Require(MissingReason());
        // Directly under the temporary folder: a test's own folder is private to root, and the server runs as postgres.
        var dir = Directory.CreateTempSubdirectory("evopo-pg-").FullName;
        var postgres = new TemporaryPostgres(BinDirectory()!, dir);
        if (IsRoot) Run("chown", "postgres", dir);
        postgres.Server("initdb", "-D", postgres.Data, "-U", "evopo", "--auth=trust", "-E", "UTF8");
        postgres.Start();
        return postgres;
    }

    public void Start() => Server("pg_ctl", "-D", Data, "-l", Path.Combine(_dir, "server.log"), "-w",
        "-o", $"-p {_port} -k {_dir} -c listen_addresses=127.0.0.1", "start");

    /// <summary>Stops the server as a restart or an outage would: open connections are cut.</summary>
    public void Stop() => Server("pg_ctl", "-D", Data, "-m", "fast", "-w", "stop");

    public void Dispose()
    {
        try
        {
            Server("pg_ctl", "-D", Data, "-m", "immediate", "-w", "stop");
        }
        catch (InvalidOperationException)
        {
            // Already stopped.
        }
        Directory.Delete(_dir, recursive: true);
    }

    private string Data => Path.Combine(_dir, "data");

    private static bool IsRoot => Environment.UserName == "root";

    private static string? BinDirectory() =>
        Directory.Exists("/usr/lib/postgresql")
            ? Directory.GetDirectories("/usr/lib/postgresql")
                .Select(version => Path.Combine(version, "bin"))
                .Where(bin => File.Exists(Path.Combine(bin, "initdb")) && File.Exists(Path.Combine(bin, "pg_ctl")))
                .OrderBy(bin => int.TryParse(Path.GetFileName(Path.GetDirectoryName(bin)), out var major) ? major : 0)
                .LastOrDefault()
            : null;

    private void Server(string program, params string[] args) =>
        Run(IsRoot ? "runuser" : Path.Combine(_bin, program), IsRoot ? ["-u", "postgres", "--", Path.Combine(_bin, program), .. args] : args);

    private static void Run(string program, params string[] args)
    {
        var info = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in args) info.ArgumentList.Add(arg);
        using var process = Process.Start(info) ?? throw new InvalidOperationException($"could not start {program}");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromMinutes(2))) process.Kill(entireProcessTree: true);
        process.WaitForExit();
        if (process.ExitCode != 0)
            throw new InvalidOperationException($"{program} {string.Join(' ', args)} exited with {process.ExitCode}: {output.Result}{error.Result}");
    }
}
