using System.CommandLine;
using System.Net;
using EvoPo.Coordinator.Dashboard;
using EvoPo.Coordinator.Hosting;

namespace EvoPo.Coordinator.Cli;

/// <summary><c>evopo serve</c>: the read-only web dashboard of a runs directory (or a PostgreSQL journal), updated live.</summary>
public sealed class ServeCommand : CliCommand
{
    public const string DefaultUrl = "http://127.0.0.1:5170";

    private readonly Option<string> _runs = CliOptions.Runs("runs directory to show; its journal DIR/evopo.db is opened read-only");
    private readonly Option<string> _postgres = CliOptions.Postgres();
    private readonly Option<string> _urls = CliOptions.Text("--urls", "URL", "where to listen (port 0 picks a free one); ';' separates several", DefaultUrl);
    private readonly Option<bool> _allowRemote = CliOptions.Flag("--allow-remote",
        "listen on a non-loopback address too (the page has no login: anyone who reaches it sees the runs)");

    public ServeCommand() : base("serve", "read-only web dashboard of the runs: fitness, σ, timing, landscape, workers (live)",
        """
        The page lists the runs and, for the chosen one, the fitness curve (mean, max, min..max band), σ, seconds per
        generation, the gradient landscape of the best objective so far and units per worker, updated live. It never
        writes to the journal or the run folders.
        """,
        "evopo serve --runs runs",
        "evopo serve --runs runs --urls http://127.0.0.1:8080")
    {
        CliOptions.Add(this, _runs, _postgres, _urls, _allowRemote);
    }

    protected override async Task<int> RunAsync(ParseResult parse, CancellationToken cancellation)
    {
        var runs = parse.GetRequiredValue(_runs);
        var runsGiven = parse.GetResult(_runs) is { Implicit: false };
        var postgres = CliOptions.PostgresOf(parse, _postgres);
        var urls = Urls(parse.GetRequiredValue(_urls));
        var allowRemote = parse.GetValue(_allowRemote);

        var usePostgres = postgres is { Length: > 0 };
        if (!Directory.Exists(runs) && (!usePostgres || runsGiven))
            throw new CliException($"runs directory '{Path.GetFullPath(runs)}' does not exist (pass --runs DIR where evopo search wrote its runs)");
        var remote = urls.Where(u => !IsLoopback(u)).ToArray();
        if (remote.Length > 0 && !allowRemote)
            throw new UsageException(
                $"{string.Join(", ", remote)} is not a loopback address; the dashboard has no login, so it listens on 127.0.0.1 or localhost unless --allow-remote is given");
        foreach (var url in remote)
            Console.Error.WriteLine($"WARNING: evopo serve listens on {url}: anyone who can reach it sees every run (no login, no TLS).");

        var journal = usePostgres ? JournalOptions.Postgres(postgres!) : null;
        if (journal is not null) await JournalPreflight.CheckAsync(journal, cancellation);

        await using var source = new JournalRunSource(runs, usePostgres ? postgres : null);
        await using var server = new DashboardServer(new DashboardState(source), urls.Select(u => u.ToString().TrimEnd('/')).ToArray(), TimeSpan.FromSeconds(1.5));
        try
        {
            await server.StartAsync(cancellation);
        }
        catch (IOException e)
        {
            throw new CliException($"cannot listen on {string.Join(", ", urls)}: {e.Message} (another program has the port? pick another with --urls)", e);
        }
        Console.Out.WriteLine($"dashboard on {string.Join(", ", server.Addresses.Select(a => a + "/"))} (read-only: runs in {Path.GetFullPath(runs)}{(usePostgres ? ", journal in PostgreSQL" : "")}); Ctrl-C stops it");
        try
        {
            await Task.Delay(Timeout.Infinite, cancellation);
        }
        catch (OperationCanceledException)
        {
        }
        return 0;
    }

    private static IReadOnlyList<Uri> Urls(string text)
    {
        var urls = new List<Uri>();
        foreach (var part in text.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            // Kestrel's wildcards (http://*:80, http://+:80) are not URIs; they mean every address.
            var parsed = part.Replace("://*", "://0.0.0.0").Replace("://+", "://0.0.0.0");
            if (!Uri.TryCreate(parsed, UriKind.Absolute, out var uri) || uri.Scheme != Uri.UriSchemeHttp || uri.AbsolutePath != "/" || uri.Query.Length > 0)
                throw new UsageException($"--urls must be http://HOST:PORT (e.g. {DefaultUrl}), got '{part}'");
            urls.Add(uri);
        }
        if (urls.Count == 0) throw new UsageException($"--urls must be http://HOST:PORT (e.g. {DefaultUrl}), got '{text}'");
        return urls;
    }

    private static bool IsLoopback(Uri uri) =>
        uri.IsLoopback || (IPAddress.TryParse(uri.Host.Trim('[', ']'), out var address) && IPAddress.IsLoopback(address));
}
