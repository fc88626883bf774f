using System.Globalization;
using System.Text;

namespace EvoPo.Simulation.Files;

/// <summary>
/// Reads an input file with a size limit suited to its kind (a config, an agent, a CSV), so that <c>/dev/zero</c> or a
/// huge file named by mistake is refused with a message instead of growing memory without limit. At most the limit
/// plus one byte is read, which catches a device or pipe that never ends as well as a large regular file.
/// </summary>
public static class BoundedFile
{
    /// <summary>The whole file as UTF-8 text (a byte-order mark is honoured); <see cref="FileTooLargeException"/> past the limit.</summary>
    public static string ReadAllText(string path, long maxBytes, string kind)
    {
        using var reader = OpenText(path, maxBytes, kind);
        return reader.ReadToEnd();
    }

    /// <summary>The whole file as bytes; <see cref="FileTooLargeException"/> past the limit.</summary>
    public static byte[] ReadAllBytes(string path, long maxBytes, string kind)
    {
        using var stream = OpenRead(path, maxBytes, kind);
        using var bytes = new MemoryStream();
        stream.CopyTo(bytes);
        return bytes.ToArray();
    }

    /// <summary>A reader of the file that throws <see cref="FileTooLargeException"/> once it has read past the limit.</summary>
    public static StreamReader OpenText(string path, long maxBytes, string kind) =>
        new(OpenRead(path, maxBytes, kind), Encoding.UTF8, detectEncodingFromByteOrderMarks: true);

    /// <summary>A stream of the file that throws <see cref="FileTooLargeException"/> once it has read past the limit.</summary>
    public static Stream OpenRead(string path, long maxBytes, string kind)
    {
        var file = File.OpenRead(path);
        // A regular file says its size: refuse a large one before reading any of it. Devices and pipes say 0.
        if (file.CanSeek && file.Length > maxBytes)
        {
            file.Dispose();
            throw new FileTooLargeException(path, maxBytes, kind);
        }
        return Limit(file, path, maxBytes, kind);
    }

    /// <summary><paramref name="inner"/> (e.g. standard input), throwing once more than <paramref name="maxBytes"/> were read from it.</summary>
    public static Stream Limit(Stream inner, string source, long maxBytes, string kind) => new LimitedStream(inner, source, maxBytes, kind);

    /// <summary>A size in the unit a reader expects: 1 MiB, 64 KiB, 100 bytes.</summary>
    public static string Describe(long bytes) => bytes switch
    {
        >= 1 << 30 when bytes % (1 << 30) == 0 => string.Create(CultureInfo.InvariantCulture, $"{bytes >> 30} GiB"),
        >= 1 << 20 when bytes % (1 << 20) == 0 => string.Create(CultureInfo.InvariantCulture, $"{bytes >> 20} MiB"),
        >= 1 << 10 when bytes % (1 << 10) == 0 => string.Create(CultureInfo.InvariantCulture, $"{bytes >> 10} KiB"),
        _ => string.Create(CultureInfo.InvariantCulture, $"{bytes} bytes"),
    };

    private sealed class LimitedStream(Stream inner, string source, long maxBytes, string kind) : Stream
    {
        private long _read;

        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => _read; set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

        public override int Read(Span<byte> buffer)
        {
            // Ask for one byte beyond the limit at most, so a file of exactly the limit passes and one byte more does not.
            var room = (int)Math.Min(buffer.Length, maxBytes + 1 - _read);
            var n = inner.Read(buffer[..room]);
            _read += n;
            if (_read > maxBytes) throw new FileTooLargeException(source, maxBytes, kind);
            return n;
        }

        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        protected override void Dispose(bool disposing)
        {
            if (disposing) inner.Dispose();
            base.Dispose(disposing);
        }
    }
}
