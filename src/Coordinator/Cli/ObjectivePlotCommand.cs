using System.Globalization;
using EvoPo.Coordinator.Objectives;

namespace EvoPo.Coordinator.Cli;

/// <summary><c>evopo objective plot</c>: an objective's gradient landscape (seed paper, Figure 5) as a PNG.</summary>
public sealed class ObjectivePlotCommand : ICliCommand
{
    public string Name => "objective plot";

    public string Summary => "heat maps of ∂L/∂ℓ_w and ∂L/∂ℓ_l over a grid of log-probs, as PNG";

    public string Usage => $"""
        usage: evopo objective plot (--objective <name> [--hp k=v,...] | --best <best.json> [--use mean|best]) --out <file.png> [options]

          --out <file.png>        the image: ∂L/∂ℓ_w left, ∂L/∂ℓ_l right (blue: training raises that log-prob)
          --axes wl|margin        grid over (ℓ_w, ℓ_l) (default) or over (ℓ_w − ℓ_l, ℓ_w), as in the seed paper's Figure 5
          --length <T>            steps per trajectory; ℓ is summed over them (default 100)
          --min <x> --max <x>     range of ℓ (default T·(ℓ_max − 12) to T·(ℓ_max − 2)); with margin, ℓ_w − ℓ_l spans ±(max − min)/2
          --ref-w <x> --ref-l <x> reference log-probs of two-step objectives (default: both the middle of the range)
          --resolution <n>        grid points per axis (default 101)
          --width <px> --height <px>   image size (default {LandscapePlot.DefaultWidth} × {LandscapePlot.DefaultHeight})
        {ObjectiveChoice.Options}
        examples:
          evopo objective plot --objective dpo --out dpo.png
          evopo objective plot --best runs/20260101-120000-abcdef/best.json --axes margin --out discovered.png
        """;

    public Task<int> RunAsync(CliArgs args, CancellationToken cancellation)
    {
        var choice = ObjectiveChoice.Read(args);
        var output = args.Required("out");
        var axesText = args.Option("axes") ?? "wl";
        var length = args.Double("length", 100);
        var resolution = args.Int("resolution", 101, 2, 1000);
        var width = args.Int("width", LandscapePlot.DefaultWidth, 200, 10_000);
        var height = args.Int("height", LandscapePlot.DefaultHeight, 150, 10_000);
        var axes = axesText switch
        {
            "wl" => LandscapeAxes.WinLose,
            "margin" => LandscapeAxes.MarginWin,
            _ => throw new UsageException(Name, $"--axes must be wl or margin, got '{axesText}'"),
        };
        if (!(length > 0)) throw new UsageException(Name, string.Create(CultureInfo.InvariantCulture, $"--length must be > 0, got {length}"));
        var landscape = GradientLandscape.Default(choice.LogProbMax, axes, length, resolution);
        var min = args.Double("min", landscape.Min);
        var max = args.Double("max", landscape.Max);
        if (!double.IsFinite(max - min))
            throw new UsageException(Name, string.Create(CultureInfo.InvariantCulture, $"--min and --max must be finite and less than 1e308 apart, got [{min}, {max}]"));
        if (!(max > min)) throw new UsageException(Name, string.Create(CultureInfo.InvariantCulture, $"--max must be above --min, got [{min}, {max}]"));
        var refW = args.Double("ref-w", (min + max) / 2);
        var refL = args.Double("ref-l", (min + max) / 2);
        args.EnsureAllUsed(0);

        landscape = landscape with { Min = min, Max = max, ReferenceChosen = refW, ReferenceRejected = refL };
        cancellation.ThrowIfCancellationRequested();
        var (chosen, rejected) = landscape.Evaluate(choice.Spec, choice.LogProbMax);
        if (!chosen.Cast<double>().Concat(rejected.Cast<double>()).Any(double.IsFinite))
            throw new UsageException(Name, string.Create(CultureInfo.InvariantCulture,
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
