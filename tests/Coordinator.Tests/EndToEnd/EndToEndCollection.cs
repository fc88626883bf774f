namespace EvoPo.Coordinator.Tests.EndToEnd;

/// <summary>Tests that start real evopo processes run one at a time: on a 2-core machine they would otherwise time each other out.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class EndToEndCollection
{
    public const string Name = "evopo processes";
}
