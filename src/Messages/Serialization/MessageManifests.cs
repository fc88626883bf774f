using EvoPo.Messages.Cluster;
using System.Collections.Frozen;
using EvoPo.Messages.Search;
using EvoPo.Messages.Work;

namespace EvoPo.Messages.Serialization;

/// <summary>
/// The string manifest of every message and event. These strings are written into the journal:
/// once shipped they never change, and a renamed type keeps its old manifest.
/// </summary>
public static class MessageManifests
{
    private static readonly (Type Type, string Manifest)[] Entries =
    [
        (typeof(WorkUnit), "work-unit"),
        (typeof(UnitResult), "unit-result"),
        (typeof(UnitFailed), "unit-failed"),
        (typeof(RunCreated), "run-created"),
        (typeof(UnitCompleted), "unit-completed"),
        (typeof(GenerationCompleted), "generation-completed"),
        (typeof(RunFinished), "run-finished"),
        (typeof(RunFailed), "run-failed"),
        (typeof(SearchSnapshot), "search-snapshot"),
        (typeof(StartSearch), "start-search"),
        (typeof(GetRunStatus), "get-run-status"),
        (typeof(RunStatus), "run-status"),
        (typeof(GenerationProgress), "generation-progress"),
        (typeof(ArtifactRequest), "artifact-request"),
        (typeof(ArtifactChunk), "artifact-chunk"),
        (typeof(ArtifactMissing), "artifact-missing"),
        (typeof(NodeHello), "node-hello"),
        (typeof(NodeRefused), "node-refused"),
        (typeof(SlotWorkUnit), "slot-work-unit"),
        (typeof(RunReopened), "run-reopened"),
        (typeof(ClusterViewRequest), "cluster-view-request"),
        (typeof(ClusterView), "cluster-view"),
        (typeof(RunCancelled), "run-cancelled"),
    ];

    public static readonly FrozenDictionary<Type, string> ByType = Entries.ToFrozenDictionary(e => e.Type, e => e.Manifest);
    public static readonly FrozenDictionary<string, Type> ByManifest = Entries.ToFrozenDictionary(e => e.Manifest, e => e.Type);
}
