using System.CommandLine;
using EvoPo.Coordinator.Objectives;
using EvoPo.GpuWorker.Analysis;
using EvoPo.GpuWorker.Objectives;
using EvoPo.Simulation.Files;

namespace EvoPo.Coordinator.Cli;

/// <summary><c>evopo objective eval</c>: per pair of a CSV, an objective's loss and its gradients in ℓ_w and ℓ_l.</summary>
public sealed class ObjectiveEvalCommand : CliCommand
{
    private readonly ObjectiveOptions _objective = new();
    private readonly Option<string> _pairs = CliOptions.Text("--pairs", "FILE.csv",
        "header then one pair a line: logp_w,logp_l,ref_logp_w,ref_logp_l,len_w,len_l (any order; ref_* only needed by two-step objectives; " +
        "behaviour_logp_w,behaviour_logp_l for maxpo); '-' reads stdin", required: true);
    private readonly Option<string> _out = CliOptions.Text("--out", "FILE.csv", "write the result there instead of stdout");

    public ObjectiveEvalCommand() : base("eval", "per pair of a CSV: an objective's loss, ∂loss/∂logp_w and ∂loss/∂logp_l",
        """
        Prints row,loss,dloss_dlogp_w,dloss_dlogp_l: the per-pair loss and its derivatives (float64 autograd), ℓ being the
        log-prob summed over the trajectory. The rows are one minibatch (this matters only for maxpo, whose importance
        weights are normalized over the minibatch). Give exactly one of --objective and --best.
        """,
        "evopo objective eval --objective dpo --hp beta=0.2 --pairs pairs.csv",
        "evopo objective eval --best runs/20260101-120000-abcdef/best.json --pairs pairs.csv --out grads.csv")
    {
        CliOptions.Add(this, _pairs, _out);
        _objective.AddTo(this);
    }

    protected override Task<int> RunAsync(ParseResult parse, CancellationToken cancellation)
    {
        var choice = _objective.Read(parse);
        var input = parse.GetRequiredValue(_pairs);
        var output = parse.GetValue(_out);

        var name = choice.Spec.Name;
        PairValues pairs;
        try
        {
            using var reader = input == "-"
                ? new StreamReader(BoundedFile.Limit(Console.OpenStandardInput(), "stdin", PairCsv.MaxFileBytes, "a pairs CSV"))
                : BoundedFile.OpenText(input, PairCsv.MaxFileBytes, "a pairs CSV");
            pairs = PairCsv.Read(reader, input == "-" ? "stdin" : input, ObjectiveCatalog.IsTwoStep(name), ObjectiveCatalog.NeedsBehaviourLogProbs(name));
        }
        catch (FileTooLargeException e)
        {
            throw new CliException(e.Message, e);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new CliException($"cannot read '{input}' ({e.Message})", e);
        }
        cancellation.ThrowIfCancellationRequested();
        var csv = PairCsv.Format(ObjectiveProbe.Evaluate(choice.Spec, pairs, choice.LogProbMax));
        if (!TextOutput.Write(output, csv)) return Task.FromResult(0);
        Console.Error.WriteLine($"wrote {output}: {pairs.Count} pairs, {choice.Label}");
        return Task.FromResult(0);
    }
}
