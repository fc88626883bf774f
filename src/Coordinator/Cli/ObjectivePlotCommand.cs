using System.CommandLine;
using System.Globalization;
using EvoPo.Coordinator.Objectives;

namespace EvoPo.Coordinator.Cli;

/// <summary><c>evopo objective plot</c>: an objective's gradient landscape (seed paper, Figure 5) as a PNG.</summary>
public sealed class ObjectivePlotCommand : CliCommand
{
    private readonly ObjectiveOptions _objective = new();
    private readonly Option<string> _out = CliOptions.Text("--out", "FILE.png",
        "the image: ∂L/∂ℓ_w left, ∂L/∂ℓ_l right (blue: training raises that log-prob)", required: true);
    private readonly Option<string> _axes = CliOptions.Choice("--axes",
        "grid over (ℓ_w, ℓ_l), or over (ℓ_w − ℓ_l, ℓ_w) as in the seed paper's Figure 5", "wl", ["wl", "margin"]);
    private readonly Option<double> _length = CliOptions.Double("--length", "T", "steps per trajectory; ℓ is summed over them", 100, min: 0, aboveMin: true);
    private readonly Option<double?> _min = CliOptions.OptionalDouble("--min", "X",
        "lower end of ℓ's range (default T·(ℓ_max − 12)); with margin, ℓ_w − ℓ_l spans ±(max − min)/2");
    private readonly Option<double?> _max = CliOptions.OptionalDouble("--max", "X", "upper end of ℓ's range (default T·(ℓ_max − 2))");
    private readonly Option<double?> _refW = CliOptions.OptionalDouble("--ref-w", "X", "reference log-prob ℓ_w of two-step objectives (default: the middle of the range)");
    private readonly Option<double?> _refL = CliOptions.OptionalDouble("--ref-l", "X", "reference log-prob ℓ_l of two-step objectives (default: the middle of the range)");
    private readonly Option<int> _resolution = CliOptions.Int("--resolution", "N", "grid points per axis", 101, 2, 1000);
    private readonly Option<int> _width = CliOptions.Int("--width", "PX", "image width", LandscapePlot.DefaultWidth, 200, 10_000);
    private readonly Option<int> _height = CliOptions.Int("--height", "PX", "image height", LandscapePlot.DefaultHeight, 150, 10_000);

    public ObjectivePlotCommand() : base("plot", "heat maps of ∂L/∂ℓ_w and ∂L/∂ℓ_l over a grid of log-probs, as PNG",
        "Give exactly one of --objective and --best.",
        "evopo objective plot --objective dpo --out dpo.png",
        "evopo objective plot --best runs/20260101-120000-abcdef/best.json --axes margin --out discovered.png")
    {
        CliOptions.Add(this, _out, _axes, _length, _min, _max, _refW, _refL, _resolution, _width, _height);
        _objective.AddTo(this);
    }

    protected override Task<int> RunAsync(ParseResult parse, CancellationToken cancellation)
    {
        var choice = _objective.Read(parse);
        var output = parse.GetRequiredValue(_out);
        var length = parse.GetValue(_length);
        var resolution = parse.GetValue(_resolution);
        var width = parse.GetValue(_width);
        var height = parse.GetValue(_height);
        var axes = parse.GetValue(_axes) == "margin" ? LandscapeAxes.MarginWin : LandscapeAxes.WinLose;
        var landscape = GradientLandscape.Default(choice.LogProbMax, axes, length, resolution);
        var min = parse.GetValue(_min) ?? landscape.Min;
        var max = parse.GetValue(_max) ?? landscape.Max;
        if (!double.IsFinite(max - min))
            throw new UsageException(string.Create(CultureInfo.InvariantCulture, $"--min and --max must be finite and less than 1e308 apart, got [{min}, {max}]"));
        if (!(max > min)) throw new UsageException(string.Create(CultureInfo.InvariantCulture, $"--max must be above --min, got [{min}, {max}]"));
        var refW = parse.GetValue(_refW) ?? (min + max) / 2;
        var refL = parse.GetValue(_refL) ?? (min + max) / 2;

        landscape = landscape with { Min = min, Max = max, ReferenceChosen = refW, ReferenceRejected = refL };
        cancellation.ThrowIfCancellationRequested();
        var (chosen, rejected) = landscape.Evaluate(choice.Spec, choice.LogProbMax);
        if (!chosen.Cast<double>().Concat(rejected.Cast<double>()).Any(double.IsFinite))
            throw new UsageException(string.Create(CultureInfo.InvariantCulture,
                $"no point of the grid [{min}, {max}] has a finite gradient (a policy cannot reach log-probs above {length}·ℓ_max = {length * choice.LogProbMax:F1}): choose --min and --max below that"));
        try
        {
            LandscapePlot.WritePng(output, choice.Label, landscape, chosen, rejected, width, height);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new CliException($"cannot write '{output}' ({e.Message})", e);
        }
        Console.Out.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"wrote {output}: {choice.Label}, {resolution}×{resolution} grid, ℓ in [{min:F1}, {max:F1}] over {length} steps, ℓ_max {choice.LogProbMax:F3} per step"));
        return Task.FromResult(0);
    }
}
