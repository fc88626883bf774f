using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using EvoPo.Coordinator.Es;

namespace EvoPo.Coordinator.Pretrain;

/// <summary>
/// A pretraining run's ES state on disk (JSON, doubles round-trip exactly), tagged with the settings
/// fingerprint and start agent it belongs to, so a run continues bit for bit or refuses to.
/// </summary>
public sealed record PretrainCheckpoint(string Format, int Version, string Fingerprint, string Start, EsState State)
{
    public const string FormatName = "evopo-pretrain-checkpoint";
    public const int CurrentVersion = 1;

    private static readonly JsonSerializerOptions Options = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };

    public static PretrainCheckpoint Create(PretrainSettings settings, string start, EsState state) =>
        new(FormatName, CurrentVersion, settings.Fingerprint(), start, state);

    public void Write(string path)
    {
        var temp = path + ".tmp-" + Environment.ProcessId;
        File.WriteAllText(temp, JsonSerializer.Serialize(this, Options), new UTF8Encoding(false));
        File.Move(temp, path, overwrite: true);
    }

    /// <summary>Reads a checkpoint; <see cref="InvalidDataException"/> names the file and the problem.</summary>
    public static PretrainCheckpoint Read(string path)
    {
        PretrainCheckpoint? checkpoint;
        try
        {
            checkpoint = JsonSerializer.Deserialize<PretrainCheckpoint>(File.ReadAllText(path), Options);
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"checkpoint '{path}': not valid checkpoint JSON ({e.Message})");
        }
        if (checkpoint?.Format != FormatName || checkpoint.Version != CurrentVersion)
            throw new InvalidDataException($"checkpoint '{path}': not a version {CurrentVersion} {FormatName} file");
        if (checkpoint.State?.Mean is null || checkpoint.State.AdamM is null || checkpoint.State.AdamV is null)
            throw new InvalidDataException($"checkpoint '{path}': state is incomplete");
        return checkpoint;
    }

    /// <summary>Throws <see cref="InvalidDataException"/> when this checkpoint belongs to other settings or another start.</summary>
    public void EnsureMatches(string path, PretrainSettings settings, string start)
    {
        if (Fingerprint != settings.Fingerprint())
            throw new InvalidDataException($"checkpoint '{path}' was written with other settings ({Fingerprint}); now: {settings.Fingerprint()}");
        if (Start != start)
            throw new InvalidDataException($"checkpoint '{path}' started from {Start}, not {start}");
    }
}
