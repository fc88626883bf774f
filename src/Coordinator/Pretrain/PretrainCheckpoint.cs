using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using EvoPo.Coordinator.Es;
using EvoPo.Messages.Search;

namespace EvoPo.Coordinator.Pretrain;

/// <summary>
/// A pretraining run's ES state on disk (JSON holding the strategy's journal envelope), tagged with the settings
/// fingerprint and start agent it belongs to, so a run continues bit for bit or refuses to. Version 1 files (OpenAI-ES,
/// written before strategies had envelopes) are still read.
/// </summary>
public sealed record PretrainCheckpoint(string Fingerprint, string Start, EsState State)
{
    public const string FormatName = "evopo-pretrain-checkpoint";
    public const int CurrentVersion = 2;

    private static readonly JsonSerializerOptions Options = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };

    public static PretrainCheckpoint Create(PretrainSettings settings, string start, EsState state) => new(settings.Fingerprint(), start, state);

    public void Write(string path)
    {
        var temp = path + ".tmp-" + Environment.ProcessId;
        var file = new FileLayout(FormatName, CurrentVersion, Fingerprint, Start, EsStateCodec.Wrap(State), null);
        File.WriteAllText(temp, JsonSerializer.Serialize(file, Options), new UTF8Encoding(false));
        File.Move(temp, path, overwrite: true);
    }

    /// <summary>Reads a checkpoint; <see cref="InvalidDataException"/> names the file and the problem.</summary>
    public static PretrainCheckpoint Read(string path)
    {
        FileLayout? file;
        try
        {
            file = JsonSerializer.Deserialize<FileLayout>(File.ReadAllText(path), Options);
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"checkpoint '{path}': not valid checkpoint JSON ({e.Message})");
        }
        if (file?.Format != FormatName || file.Version is not (1 or CurrentVersion) || file.Fingerprint is null || file.Start is null)
            throw new InvalidDataException($"checkpoint '{path}': not a version 1 or {CurrentVersion} {FormatName} file");
        try
        {
            EsState state = file.Version == 1
                ? file.State?.ToState() ?? throw new InvalidDataException("state is incomplete")
                : EsStateCodec.Unwrap(file.Strategy ?? throw new InvalidDataException("strategy state is missing"));
            return new PretrainCheckpoint(file.Fingerprint, file.Start, state);
        }
        catch (InvalidDataException e)
        {
            throw new InvalidDataException($"checkpoint '{path}': {e.Message}");
        }
    }

    /// <summary>Throws <see cref="InvalidDataException"/> when this checkpoint belongs to other settings or another start.</summary>
    public void EnsureMatches(string path, PretrainSettings settings, string start)
    {
        if (Fingerprint != settings.Fingerprint())
            throw new InvalidDataException($"checkpoint '{path}' was written with other settings ({Fingerprint}); now: {settings.Fingerprint()}");
        if (Start != start)
            throw new InvalidDataException($"checkpoint '{path}' started from {Start}, not {start}");
    }

    private sealed record FileLayout(string? Format, int Version, string? Fingerprint, string? Start, EsStateEnvelope? Strategy, VersionOneState? State);

    /// <summary>The OpenAI-ES state as version 1 files hold it.</summary>
    private sealed record VersionOneState(int Generation, double[]? Mean, double Sigma, double[]? AdamM, double[]? AdamV, long AdamStep,
        double BestFitness, double[]? BestParameters)
    {
        public EsState? ToState() => Mean is null || AdamM is null || AdamV is null
            ? null
            : EsStateCodec.FromLegacy(new EsStateData(Generation, Mean, Sigma, AdamM, AdamV, AdamStep, BestFitness, BestParameters));
    }
}
