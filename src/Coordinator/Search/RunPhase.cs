namespace EvoPo.Coordinator.Search;

/// <summary>Where a run is: evolving, training the report's agents, done, stopped for good by an error, or by a user.</summary>
public enum RunPhase
{
    Searching,
    Reporting,
    Finished,
    Failed,
    Cancelled,
}
