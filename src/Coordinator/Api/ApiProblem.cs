namespace EvoPo.Coordinator.Api;

/// <summary>A request the submission API refuses: its HTTP status and the one-line reason the client prints.</summary>
public sealed class ApiProblem(int status, string message) : Exception(message)
{
    public int Status { get; } = status;
}
