using EvoPo.Coordinator.Dashboard;
using EvoPo.Coordinator.Runs;

namespace EvoPo.Coordinator.Tests.Dashboard;

public sealed class RunLockProbeTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("evopo-probe-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void Held_while_a_run_holds_its_lock_and_free_after_without_touching_the_file()
    {
        var path = Path.Combine(_dir, "run.lock");
        using (RunLock.TryAcquire(path))
        {
            // Reading the file's bytes would itself be refused while the lock is held; its size and time tell.
            var before = (new FileInfo(path).Length, File.GetLastWriteTimeUtc(path));
            Assert.True(RunLockProbe.IsHeld(path));
            Assert.Equal(before, (new FileInfo(path).Length, File.GetLastWriteTimeUtc(path)));
        }
        Assert.False(RunLockProbe.IsHeld(path));
    }

    [Fact]
    public void A_missing_lock_file_is_not_created()
    {
        var path = Path.Combine(_dir, "nope", "run.lock");

        Assert.False(RunLockProbe.IsHeld(path));
        Assert.False(File.Exists(path));
    }
}
