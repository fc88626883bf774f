using System.Text;

namespace EvoPo.Coordinator.Api;

/// <summary>A writer that starts every line with the run's id: a coordinator's output interleaves the lines of all the runs it hosts.</summary>
public sealed class RunLines(TextWriter inner, string runId) : TextWriter
{
    private readonly StringBuilder _line = new();

    public override Encoding Encoding => inner.Encoding;

    public override void Write(char value)
    {
        if (value == '\n')
        {
            inner.WriteLine($"[{runId}] {_line}");
            _line.Clear();
        }
        else if (value != '\r')
        {
            _line.Append(value);
        }
    }

    public override void Write(string? value)
    {
        foreach (var c in value ?? "") Write(c);
    }

    public override void WriteLine(string? value)
    {
        // One call, one line (a run's outputs write whole lines, from the actor's thread or its report task).
        lock (_line)
        {
            Write(value);
            Write('\n');
        }
    }
}
