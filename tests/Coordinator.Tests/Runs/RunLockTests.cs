using EvoPo.Coordinator.Runs;

namespace EvoPo.Coordinator.Tests.Runs;

public sealed class RunLockTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("evopo-lock-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void A_held_lock_refuses_a_second_driver_and_is_free_once_released()
    {
        var path = Path.Combine(_dir, "run.lock");
        Assert.False(RunLock.IsHeld(path));
        using (var held = RunLock.TryAcquire(path))
        {
            Assert.NotNull(held);
            Assert.Null(RunLock.TryAcquire(path));
            Assert.True(RunLock.IsHeld(path));
        }
        Assert.False(RunLock.IsHeld(path));
        using var again = RunLock.TryAcquire(path);
        Assert.NotNull(again);
    }

    [Theory]
    [InlineData("../escape")]
    [InlineData("")]
    [InlineData("a b")]
    public void Run_ids_that_are_not_plain_names_are_refused(string id)
    {
        var error = Assert.Throws<ArgumentException>(() => new RunFolder(_dir, id));
        Assert.Contains("not a run id", error.Message);
    }
}
