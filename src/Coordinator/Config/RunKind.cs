namespace EvoPo.Coordinator.Config;

/// <summary>What a run searches, as <c>evopo runs</c> and the dashboard name it.</summary>
public static class RunKind
{
    public const string Search = "search";
    public const string Pretrain = "pretrain";

    /// <summary><see cref="Pretrain"/> for a pretraining run (a policy's parameters), <see cref="Search"/> for a loss search.</summary>
    public static string Of(SearchConfig config) => config.Pretrain.Enabled ? Pretrain : Search;
}
