using System.Globalization;
using System.Text;
using EvoPo.Coordinator.Cli;
using EvoPo.GpuWorker.Analysis;

namespace EvoPo.Coordinator.Objectives;

/// <summary>
/// The CSV of <c>evopo objective eval</c>: a header naming the columns (any order), then one pair per line. Always
/// <c>logp_w, logp_l, len_w, len_l</c>; <c>ref_logp_w, ref_logp_l</c> where the objective is two-step (read if present
/// otherwise); <c>behaviour_logp_w, behaviour_logp_l</c> where it reads behaviour log-probs (MaxPO). A missing or
/// unknown column, a value that is not a finite number, or a length that is not positive is refused with its line.
/// </summary>
public static class PairCsv
{
    public static readonly string[] Required = ["logp_w", "logp_l", "len_w", "len_l"];
    public static readonly string[] Reference = ["ref_logp_w", "ref_logp_l"];
    public static readonly string[] Behaviour = ["behaviour_logp_w", "behaviour_logp_l"];
    private static readonly string[] Known = [.. Required, .. Reference, .. Behaviour];

    /// <summary>About 600,000 pairs of a hundred bytes, evaluated as one minibatch; more is a wrong file (or /dev/zero).</summary>
    public const int MaxFileBytes = 64 << 20;

    /// <param name="source">How errors name the input, e.g. the file path.</param>
    public static PairValues Read(TextReader reader, string source, bool needsReference, bool needsBehaviour)
    {
        var header = reader.ReadLine() ?? throw Error(source, 1, $"is empty; expected a header such as {string.Join(",", [.. Required.Take(2), .. Reference, .. Required.Skip(2)])}");
        var names = header.Split(',').Select(n => n.Trim()).ToArray();
        var index = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < names.Length; i++)
        {
            if (!Known.Contains(names[i])) throw Error(source, 1, $"unknown column '{names[i]}'; known columns: {string.Join(", ", Known)}");
            if (!index.TryAdd(names[i], i)) throw Error(source, 1, $"column '{names[i]}' appears twice");
        }
        var needed = Required.Concat(needsReference ? Reference : []).Concat(needsBehaviour ? Behaviour : []);
        foreach (var column in needed)
            if (!index.ContainsKey(column))
                throw Error(source, 1, $"missing column '{column}'{(Reference.Contains(column) ? " (a two-step objective needs reference log-probs)" : Behaviour.Contains(column) ? " (this objective needs behaviour log-probs)" : "")}");
        foreach (var pair in new[] { Reference, Behaviour })
            if (index.ContainsKey(pair[0]) != index.ContainsKey(pair[1]))
                throw Error(source, 1, $"columns {pair[0]} and {pair[1]} go together; one is missing");

        var columns = Known.Where(index.ContainsKey).ToDictionary(c => c, _ => new List<double>());
        var lineNumber = 1;
        for (var line = reader.ReadLine(); line is not null; line = reader.ReadLine())
        {
            lineNumber++;
            if (line.Trim().Length == 0) continue;
            var cells = line.Split(',');
            if (cells.Length != names.Length)
                throw Error(source, lineNumber, $"has {cells.Length} value(s), the header names {names.Length} columns");
            foreach (var (column, values) in columns)
            {
                var text = cells[index[column]].Trim();
                if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) || !double.IsFinite(value))
                    throw Error(source, lineNumber, $"column '{column}': '{text}' is not a finite number");
                if (column.StartsWith("len_", StringComparison.Ordinal) && !(value > 0))
                    throw Error(source, lineNumber, $"column '{column}': a trajectory length must be > 0, got {text}");
                values.Add(value);
            }
        }
        double[]? Column(string name) => columns.TryGetValue(name, out var v) ? v.ToArray() : null;
        return new PairValues(Column("logp_w")!, Column("logp_l")!, Column("len_w")!, Column("len_l")!,
            Column("ref_logp_w"), Column("ref_logp_l"), Column("behaviour_logp_w"), Column("behaviour_logp_l"));
    }

    /// <summary><c>row,loss,dloss_dlogp_w,dloss_dlogp_l</c>, rows numbered from 1, values round-trip exact.</summary>
    public static string Format(PairGradients result)
    {
        var csv = new StringBuilder("row,loss,dloss_dlogp_w,dloss_dlogp_l\n");
        for (var i = 0; i < result.Loss.Length; i++)
            csv.Append(CultureInfo.InvariantCulture, $"{i + 1},{R(result.Loss[i])},{R(result.ChosenGradient[i])},{R(result.RejectedGradient[i])}\n");
        return csv.ToString();
    }

    private static string R(double value) => value.ToString("R", CultureInfo.InvariantCulture);

    private static CliException Error(string source, int line, string problem) => new($"{source}, line {line}: {problem}");
}
