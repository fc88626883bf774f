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

    [Fact]
    public void Held_while_a_run_holds_its_lock_and_free_after_without_touching_the_file()
    {
        var path = Path.Combine(_dir, "run.lock");
        using (RunLock.TryAcquire(path))
        {
            // Reading the file's bytes would itself be refused while the lock is held; its size and time tell.
            var before = (new FileInfo(path).Length, File.GetLastWriteTimeUtc(path));
            Assert.True(RunLock.IsHeld(path));
            Assert.Equal(before, (new FileInfo(path).Length, File.GetLastWriteTimeUtc(path)));
        }
        Assert.False(RunLock.IsHeld(path));
    }

    [Fact]
    public void A_missing_lock_file_is_not_created()
    {
        var path = Path.Combine(_dir, "nope", "run.lock");

        Assert.False(RunLock.IsHeld(path));
        Assert.False(File.Exists(path));
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
