using EvoPo.Coordinator.Config;
using EvoPo.Coordinator.Search;
using static EvoPo.Coordinator.Tests.Search.SearchRunHarness;

namespace EvoPo.Coordinator.Tests.Search;

public sealed class WorkerAdmissionTests
{
    private static readonly WorkConfig Real = new();
    private static readonly WorkConfig AsksForSimulation = new() { Simulated = true };

    [Fact]
    public void A_simulated_worker_is_refused_by_a_run_that_did_not_ask_for_simulated_work_and_says_how_to_ask()
    {
        var refusal = WorkerAdmission.Refusal(Hello(Worker, 2) with { Simulated = true }, Real);
        Assert.NotNull(refusal);
        Assert.Contains("--simulate-unit-seconds", refusal);
        Assert.Contains("work.simulated: true", refusal);
    }

    [Fact]
    public void A_run_that_asks_for_simulated_work_takes_simulated_and_training_workers() =>
        Assert.All(new[] { Hello(Worker, 2) with { Simulated = true }, Hello(Worker, 2) },
            worker => Assert.Null(WorkerAdmission.Refusal(worker, AsksForSimulation)));

    [Fact]
    public void A_training_worker_is_taken_by_any_run() => Assert.Null(WorkerAdmission.Refusal(Hello(Worker, 2), Real));
}
