namespace EvoPo.Simulation.Tasks;

/// <summary>
/// Constants of the crawler task (docs/tasks.md). The defaults are tuned so that a controller pushing with
/// all four legs wins on "crawler" while one that spares leg 3 wins clearly on "crawler-3leg".
/// </summary>
public sealed record CrawlerConfig
{
    public int EpisodeLength { get; init; } = 100;

    /// <summary>Fraction of velocity lost per step.</summary>
    public double Drag { get; init; } = 0.1;

    /// <summary>Velocity gained per step from a full push at full stance strength.</summary>
    public double Force { get; init; } = 0.1;

    /// <summary>Position integration step: position += Dt · velocity.</summary>
    public double Dt { get; init; } = 0.25;

    /// <summary>Gait phase advance per step (a full cycle every 20 steps).</summary>
    public double PhaseStep { get; init; } = 2 * Math.PI / 20;

    public double CtrlCost { get; init; } = 0.05;

    public double LateralCost { get; init; } = 0.5;

    /// <summary>Cost of a_3²; zero on "crawler", large on "crawler-3leg".</summary>
    public double LegPenalty { get; init; }

    /// <summary>The crawler falls (episode ends) once |y| exceeds this.</summary>
    public double FallBound { get; init; } = 1.5;

    public double StartYRange { get; init; } = 0.3;

    public double StartVyRange { get; init; } = 0.1;

    /// <summary>Leg push directions (x, y); leg 3 points straight ahead, legs 0–2 balance laterally.</summary>
    public IReadOnlyList<(double X, double Y)> LegDirections { get; init; } = [(1.0, 0.5), (1.0, -0.25), (1.0, -0.25), (1.0, 0.0)];
}
