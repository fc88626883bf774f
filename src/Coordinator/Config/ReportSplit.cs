namespace EvoPo.Coordinator.Config;

/// <summary>
/// Which training seeds and evaluation episodes the report's agents use. <c>search</c>: the search's own evaluation
/// episodes (what reports did before splits existed). <c>validation</c> and <c>held-out</c>: seeds and episodes of
/// their own, drawn from streams of the run seed that the search never uses, so a method tuned on validation and
/// judged on held-out is judged on data it was not chosen on.
/// </summary>
public enum ReportSplit
{
    Search,
    Validation,
    HeldOut,
}
