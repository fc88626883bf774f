using System.Diagnostics;
using System.Globalization;
using System.Text;

namespace EvoPo.Coordinator.Cli;

/// <summary>
/// The output of a long command. Its lines pass through unchanged; on a terminal, one status line under them
/// ("generation 3/60 · 5 % · ETA 4m10s") is rewritten in place as <see cref="Update"/> reports progress. When the
/// output is not a terminal (tests, CI, pipes, or <c>EVOPO_PROGRESS=plain</c>) no status line is ever written, so the
/// output is exactly the command's lines.
/// </summary>
public sealed class ConsoleProgress(TextWriter inner, bool interactive) : TextWriter
{
    private readonly Lock _lock = new();
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private (double Done, TimeSpan At)? _baseline;
    private string? _status;
    private bool _shown;
    private TimeSpan _drawnAt = TimeSpan.FromSeconds(-1);

    /// <summary>Standard output, with a status line when it is a terminal.</summary>
    public static ConsoleProgress Stdout() => new(Console.Out, Wanted(Console.IsOutputRedirected));

    /// <summary>Whether a stream (redirected or not) gets a status line: only a terminal, and not with <c>EVOPO_PROGRESS=plain</c> or <c>TERM=dumb</c>.</summary>
    public static bool Wanted(bool redirected) =>
        !redirected && Environment.GetEnvironmentVariable("EVOPO_PROGRESS") != "plain" && Environment.GetEnvironmentVariable("TERM") != "dumb";

    public bool Interactive => interactive;

    public override Encoding Encoding => inner.Encoding;

    /// <summary>
    /// Progress: <paramref name="done"/> of <paramref name="total"/> steps. The ETA extrapolates the rate since the first
    /// update of this process, so a resumed command does not count the work done before it started.
    /// </summary>
    public void Update(string label, double done, double total)
    {
        if (!interactive) return;
        lock (_lock)
        {
            var now = _clock.Elapsed;
            _baseline ??= (done, now);
            var (done0, at0) = _baseline.Value;
            var eta = done > done0 && total > done
                ? $" · ETA {Duration(TimeSpan.FromSeconds((now - at0).TotalSeconds / (done - done0) * (total - done)))}"
                : "";
            var percent = total > 0 ? string.Create(CultureInfo.InvariantCulture, $" · {100 * done / total:F0} %") : "";
            _status = $"{label}{percent} · {Duration(now)} elapsed{eta}";
            // At most a few redraws a second: a terminal over ssh should not be flooded.
            if (now - _drawnAt < TimeSpan.FromMilliseconds(200) && done < total) return;
            Draw(now);
        }
    }

    public override void Write(char value) => Write(value.ToString());

    public override void Write(char[] buffer, int index, int count) => Write(new string(buffer, index, count));

    public override void Write(string? value)
    {
        if (string.IsNullOrEmpty(value)) return;
        lock (_lock)
        {
            Clear();
            inner.Write(value);
            if (value.EndsWith(NewLine, StringComparison.Ordinal) && _status is not null) Draw(_clock.Elapsed);
        }
    }

    public override void WriteLine(string? value) => Write((value ?? "") + NewLine);

    public override void WriteLine() => Write(NewLine);

    public override void Flush() => inner.Flush();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
            lock (_lock)
            {
                Clear();
                _status = null;
                inner.Flush();
            }
        base.Dispose(disposing);
    }

    /// <summary>"45s", "12m05s", "3h05m".</summary>
    public static string Duration(TimeSpan span) => span.TotalSeconds switch
    {
        < 60 => $"{Math.Max(0, (int)span.TotalSeconds)}s",
        < 3600 => $"{(int)span.TotalMinutes}m{span.Seconds:00}s",
        _ => $"{(int)span.TotalHours}h{span.Minutes:00}m",
    };

    private void Draw(TimeSpan now)
    {
        if (!interactive || _status is null) return;
        var columns = Console.IsOutputRedirected ? 0 : Console.WindowWidth; // 0 where the terminal does not say (e.g. a bare pty)
        var width = columns >= 20 ? columns - 1 : 120;
        inner.Write("\r\x1b[2K" + (_status.Length > width ? _status[..width] : _status));
        inner.Flush();
        _shown = true;
        _drawnAt = now;
    }

    private void Clear()
    {
        if (!_shown) return;
        inner.Write("\r\x1b[2K");
        _shown = false;
    }
}
