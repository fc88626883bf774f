namespace EvoPo.Simulation.Tasks.Mujoco;

/// <summary>The MuJoCo tasks (docs/tasks.md): "hopper", "ant" and "tla" (Ant with leg 4 penalized).</summary>
public static class MujocoTasks
{
    public const string Hopper = "hopper";
    public const string Ant = "ant";
    public const string Tla = "tla";

    public const int DefaultEpisodeLength = 1000;

    /// <summary>TLA's extra cost per step on leg 4's actions: TlaPenalty·(a_0² + a_1²) (actuators hip_4, ankle_4).</summary>
    public const double TlaPenalty = 3.0;

    public static IReadOnlyList<string> Names { get; } = [Hopper, Ant, Tla];

    public static bool Contains(string name) => Names.Contains(name);

    public static MujocoTaskConfig Config(string name, int episodeLength = DefaultEpisodeLength)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(episodeLength);
        var ant = new MujocoTaskConfig
        {
            Name = Ant, ModelFile = "ant.xml", Body = MujocoBody.Ant, FrameSkip = 5, EpisodeLength = episodeLength,
            CtrlCost = 0.5, ResetNoise = 0.1,
        };
        return name switch
        {
            Hopper => new MujocoTaskConfig
            {
                Name = Hopper, ModelFile = "hopper.xml", Body = MujocoBody.Hopper, FrameSkip = 4, EpisodeLength = episodeLength,
                CtrlCost = 1e-3, ResetNoise = 5e-3,
            },
            Ant => ant,
            Tla => ant with { Name = Tla, LegPenalty = TlaPenalty, PenalizedActuators = [0, 1] },
            _ => throw new ArgumentException($"unknown MuJoCo task '{name}'; valid: {string.Join(", ", Names)}", nameof(name)),
        };
    }

    public static TaskDescriptor Get(string name, int episodeLength = DefaultEpisodeLength) => Create(Config(name, episodeLength));

    public static TaskDescriptor Create(MujocoTaskConfig config)
    {
        var (obsDim, actDim) = config.Body == MujocoBody.Hopper ? (11, 3) : (27, 8);
        return new TaskDescriptor(config.Name, obsDim, actDim, config.EpisodeLength, n => new MujocoEnvironment(n, config));
    }
}
