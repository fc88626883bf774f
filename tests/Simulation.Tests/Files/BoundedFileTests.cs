using EvoPo.Simulation.Files;

namespace EvoPo.Simulation.Tests.Files;

public sealed class BoundedFileTests : IDisposable
{
    private readonly string _path = Path.Combine(Path.GetTempPath(), $"evopo-bounded-{Guid.NewGuid():N}.txt");

    public void Dispose() => File.Delete(_path);

    [Fact]
    public void A_file_of_exactly_the_limit_is_read_and_one_byte_more_is_refused_naming_the_file_and_kind()
    {
        File.WriteAllText(_path, new string('a', 100));
        Assert.Equal(100, BoundedFile.ReadAllText(_path, 100, "a test file").Length);
        Assert.Equal(100, BoundedFile.ReadAllBytes(_path, 100, "a test file").Length);

        File.WriteAllText(_path, new string('a', 101));
        var e = Assert.Throws<FileTooLargeException>(() => BoundedFile.ReadAllText(_path, 100, "a test file"));
        Assert.Equal($"'{_path}' is larger than 100 bytes, the most a test file may be: is it the right file?", e.Message);
    }

    [Fact]
    public void A_device_that_never_ends_is_refused_after_the_limit()
    {
        var e = Assert.Throws<FileTooLargeException>(() => BoundedFile.ReadAllBytes("/dev/zero", 1 << 20, "a config"));
        Assert.Contains("'/dev/zero' is larger than 1 MiB", e.Message);
        Assert.IsAssignableFrom<IOException>(e);
    }

    [Fact]
    public void A_limited_stream_such_as_stdin_is_refused_once_it_passes_the_limit()
    {
        using var reader = new StreamReader(BoundedFile.Limit(new MemoryStream(new byte[3000]), "stdin", 2048, "a pairs CSV"));
        var e = Assert.Throws<FileTooLargeException>(() => reader.ReadToEnd());
        Assert.Contains("'stdin' is larger than 2 KiB", e.Message);
    }
}
