namespace EvoPo.Coordinator.Cli;

/// <summary>
/// The value of an option like <c>--k 1,8,32</c>: positive integers, written (in help, as a default) the way they are
/// typed, with commas.
/// </summary>
public sealed record NumberList(int[] Values)
{
    public override string ToString() => string.Join(',', Values);
}
