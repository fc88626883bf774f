using EvoPo.Coordinator.Objectives;
using EvoPo.GpuWorker.Analysis;
using EvoPo.GpuWorker.Objectives;
using EvoPo.Simulation.Files;

namespace EvoPo.Coordinator.Cli;

/// <summary><c>evopo objective eval</c>: per pair of a CSV, an objective's loss and its gradients in ℓ_w and ℓ_l.</summary>
public sealed class ObjectiveEvalCommand : ICliCommand
{
    public string Name => "objective eval";

    public string Summary => "per pair of a CSV: an objective's loss, ∂loss/∂logp_w and ∂loss/∂logp_l";

    public string Usage => $"""
        usage: evopo objective eval (--objective <name> [--hp k=v,...] | --best <best.json> [--use mean|best]) --pairs <file.csv> [options]

          --pairs <file.csv>      header then one pair a line: logp_w,logp_l,ref_logp_w,ref_logp_l,len_w,len_l (any order;
                                  ref_* only needed by two-step objectives; behaviour_logp_w,behaviour_logp_l for maxpo); '-' reads stdin
          --out <file.csv>        write the result there instead of stdout
        {ObjectiveChoice.Options}
        Prints row,loss,dloss_dlogp_w,dloss_dlogp_l: the per-pair loss and its derivatives (float64 autograd), ℓ being the
        log-prob summed over the trajectory. The rows are one minibatch (this matters only for maxpo, whose importance
        weights are normalized over the minibatch).

        examples:
          evopo objective eval --objective dpo --hp beta=0.2 --pairs pairs.csv
          evopo objective eval --best runs/20260101-120000-abcdef/best.json --pairs pairs.csv --out grads.csv
        """;

    public Task<int> RunAsync(CliArgs args, CancellationToken cancellation)
    {
        var choice = ObjectiveChoice.Read(args);
        var input = args.Required("pairs");
        var output = args.Option("out");
        args.EnsureAllUsed(0);

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
