using System.CommandLine;
using EvoPo.Coordinator.Api;

namespace EvoPo.Coordinator.Cli;

/// <summary>
/// <c>--cluster URL</c> and <c>--token-file F</c>: the commands that read or change runs (runs, status, report, submit, cancel) ask a
/// running <c>evopo coordinator</c>'s submission API instead of a local runs directory. The token comes from the file or
/// from EVOPO_API_TOKEN.
/// </summary>
public sealed class ClusterClientArgs
{
    private readonly Option<string> _cluster;

    private readonly Option<string> _tokenFile = CliOptions.Text("--token-file", "F",
        $"with --cluster: the coordinator's API token, in file F (or env {ApiToken.Variable})");

    public ClusterClientArgs(bool required = false) =>
        _cluster = CliOptions.Text("--cluster", "URL", "ask the coordinator at URL (evopo coordinator's --http-port) instead of the local runs directory",
            required: required);

    public void AddTo(Command command) => CliOptions.Add(command, _cluster, _tokenFile);

    /// <summary>The client of the coordinator named by --cluster, or null when none is.</summary>
    public ClusterClient? Read(ParseResult parse)
    {
        if (parse.GetValue(_cluster) is not { } url) return null;
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
            throw new UsageException($"--cluster: '{url}' is not an http(s) URL (e.g. http://coordinator:8080)");
        return new ClusterClient(uri, ApiToken.Read(parse.GetValue(_tokenFile), "--token-file"));
    }
}
