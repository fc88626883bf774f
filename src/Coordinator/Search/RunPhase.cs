namespace EvoPo.Coordinator.Search;

/// <summary>Where a run is: evolving, training the report's agents, done, or stopped for good by an error.</summary>
public enum RunPhase
{
    Searching,
    Reporting,
    Finished,
    Failed,
}
