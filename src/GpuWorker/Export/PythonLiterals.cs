using System.Globalization;
using System.Text;

namespace EvoPo.GpuWorker.Export;

/// <summary>How C# values are written into the exported Python source, so Python reads back the same doubles.</summary>
public static class PythonLiterals
{
    /// <summary>
    /// A Python float literal that parses to exactly <paramref name="value"/>: the shortest round-trip form, with ".0"
    /// added where it would otherwise read as an int (so −0.0 keeps its sign). Non-finite values have no literal and
    /// are refused: an ES vector never holds them.
    /// </summary>
    public static string Float(double value)
    {
        if (!double.IsFinite(value)) throw new ArgumentException($"{value} is not a finite number", nameof(value));
        var text = value.ToString("R", CultureInfo.InvariantCulture);
        return text.Contains('.') || text.Contains('E') ? text : text + ".0";
    }

    /// <summary>A tuple of floats, <paramref name="perLine"/> to a line, indented by four spaces.</summary>
    public static string FloatTuple(IReadOnlyList<double> values, int perLine = 6)
    {
        var text = new StringBuilder("(\n");
        for (var i = 0; i < values.Count; i += perLine)
            text.Append("    ").AppendJoin(", ", values.Skip(i).Take(perLine).Select(Float)).Append(",\n");
        return text.Append(')').ToString();
    }

    /// <summary>A Python string literal (double-quoted, escaped).</summary>
    public static string String(string value)
    {
        var text = new StringBuilder("\"");
        foreach (var c in value)
            text.Append(c switch
            {
                '\\' => "\\\\",
                '"' => "\\\"",
                '\n' => "\\n",
                _ when c < ' ' => $"\\x{(int)c:x2}",
                _ => c.ToString(),
            });
        return text.Append('"').ToString();
    }

    /// <summary>The module constant of a hyperparameter: <c>betaKl</c> → <c>BETA_KL</c>.</summary>
    public static string ConstantName(string hyperparameter)
    {
        var name = new StringBuilder();
        foreach (var c in hyperparameter)
        {
            if (char.IsUpper(c) && name.Length > 0) name.Append('_');
            name.Append(char.ToUpperInvariant(c));
        }
        return name.ToString();
    }
}
