using EvoPo.Coordinator.Cli;

namespace EvoPo.Coordinator.Api;

/// <summary>The submission API's bearer token: from a file (a Kubernetes Secret mounted as one) or the environment.</summary>
public static class ApiToken
{
    public const string Variable = "EVOPO_API_TOKEN";

    /// <summary>The token in <paramref name="file"/>, else EVOPO_API_TOKEN, else null (no token).</summary>
    public static string? Read(string? file, string option)
    {
        if (file is null) return Environment.GetEnvironmentVariable(Variable) is { Length: > 0 } token ? token.Trim() : null;
        string text;
        try
        {
            text = File.ReadAllText(file).Trim();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new CliException($"{option}: cannot read '{file}': {e.Message}");
        }
        return text.Length > 0 ? text : throw new CliException($"{option}: '{file}' is empty; it must hold the API token");
    }
}
