using System.Buffers.Binary;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace EvoPo.Simulation.Datasets;

/// <summary>
/// The <c>*.evopods</c> binary format (docs/dataset-format.md): magic, version, JSON header, fixed-size
/// little-endian arrays, trailing SHA-256 of everything before it. Encoding is a pure function of the
/// dataset, so the same spec and agents give a byte-identical file.
/// </summary>
public static class DatasetFile
{
    public const int Version = 1;
    public const int HashSize = 32;

    /// <summary>"EVOPODS" and a NUL: 8 bytes that a text file or another format will not start with.</summary>
    public static ReadOnlySpan<byte> Magic => "EVOPODS\0"u8;

    internal const int PrefixSize = 16; // magic 8, version 4, header length 4

    internal static readonly JsonSerializerOptions JsonOptions = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase) },
        NumberHandling = JsonNumberHandling.Strict,
    };

    public static void Write(string path, PreferenceDataset dataset)
    {
        var bytes = Encode(dataset.Metadata, dataset.First, dataset.Second, dataset.Labels, dataset.Flipped);
        // A reader never sees a half-written file: write beside the target, then rename over it.
        var temp = DatasetTempFiles.Create(path);
        try
        {
            using (var stream = new FileStream(temp, FileMode.CreateNew, FileAccess.Write))
            {
                stream.Write(bytes);
                stream.Flush(flushToDisk: true);
            }
            File.Move(temp, path, overwrite: true);
        }
        finally
        {
            if (File.Exists(temp)) File.Delete(temp);
        }
    }

    public static PreferenceDataset Read(string path)
    {
        byte[] bytes;
        try
        {
            bytes = File.ReadAllBytes(path);
        }
        catch (IOException e)
        {
            throw new DatasetFormatException(path, $"cannot be read ({e.Message})");
        }
        return Decode(bytes, path);
    }

    /// <summary>Total file size implied by a header, hash included.</summary>
    public static long ExpectedSize(DatasetMetadata m, int headerLength)
    {
        long p = m.Pairs, steps = (long)m.Pairs * m.MaxLength;
        var block = steps * m.ObsDim * 4 + steps * m.ActDim * 4 + steps * 4 + p * 4 + p * 8 + p;
        return PrefixSize + headerLength + 2 * block + 2 * p + HashSize;
    }

    internal static byte[] Encode(DatasetMetadata metadata, TrajectoryBlock first, TrajectoryBlock second, byte[] labels, bool[] flipped)
    {
        if (!BitConverter.IsLittleEndian) throw new PlatformNotSupportedException("dataset files are written on little-endian machines only");
        var header = JsonSerializer.SerializeToUtf8Bytes(metadata, JsonOptions);
        var size = ExpectedSize(metadata, header.Length);
        if (size > Array.MaxLength) throw new InvalidOperationException($"dataset of {size} bytes is too large for one file");
        var buffer = new byte[size];
        var w = new SpanWriter(buffer);
        w.Bytes(Magic);
        w.UInt32(Version);
        w.UInt32((uint)header.Length);
        w.Bytes(header);
        foreach (var block in new[] { first, second })
        {
            w.Bytes(MemoryMarshal.AsBytes(block.Observations.AsSpan()));
            w.Bytes(MemoryMarshal.AsBytes(block.Actions.AsSpan()));
            w.Bytes(MemoryMarshal.AsBytes(block.BehaviourLogProbs.AsSpan()));
            w.Bytes(MemoryMarshal.AsBytes(block.Lengths.AsSpan()));
            w.Bytes(MemoryMarshal.AsBytes(block.Returns.AsSpan()));
            foreach (var s in block.Sources) w.Byte((byte)s);
        }
        w.Bytes(labels);
        foreach (var f in flipped) w.Byte(f ? (byte)1 : (byte)0);
        SHA256.HashData(buffer.AsSpan(0, w.Position), buffer.AsSpan(w.Position, HashSize));
        return buffer;
    }

    internal static string HashOf(byte[] encoded) => Convert.ToHexStringLower(encoded.AsSpan(encoded.Length - HashSize));

    private static PreferenceDataset Decode(byte[] bytes, string path)
    {
        if (!BitConverter.IsLittleEndian) throw new PlatformNotSupportedException("dataset files are read on little-endian machines only");
        if (bytes.Length < Magic.Length || !bytes.AsSpan(0, Magic.Length).SequenceEqual(Magic))
        {
            if (bytes.Length < Magic.Length && Magic.StartsWith(bytes)) throw new DatasetFormatException(path, $"truncated: {bytes.Length} bytes, shorter than the {Magic.Length}-byte magic");
            throw new DatasetFormatException(path, $"wrong magic: expected \"EVOPODS\\0\", found {Convert.ToHexString(bytes.AsSpan(0, Math.Min(8, bytes.Length)))} (hex); not an evopods file");
        }
        if (bytes.Length < PrefixSize + HashSize) throw new DatasetFormatException(path, $"truncated: {bytes.Length} bytes, less than the minimum {PrefixSize + HashSize}");
        var version = BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(8));
        if (version != Version) throw new DatasetFormatException(path, $"format version {version} is not supported (this reader handles version {Version})");
        var headerLength = BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(12));

        if (headerLength > bytes.Length - PrefixSize - HashSize)
            throw new DatasetFormatException(path, $"truncated or corrupted: header length {headerLength} runs past the end of the {bytes.Length}-byte file");
        var metadata = TryParseHeader(bytes.AsSpan(PrefixSize, (int)headerLength), out var problem);
        var expected = metadata is null ? -1 : ExpectedSize(metadata, (int)headerLength);
        if (expected > bytes.Length)
            throw new DatasetFormatException(path, $"truncated: {bytes.Length} bytes, the header implies {expected}");

        var body = bytes.AsSpan(0, bytes.Length - HashSize);
        var stored = bytes.AsSpan(bytes.Length - HashSize);
        var computed = SHA256.HashData(body);
        if (!computed.AsSpan().SequenceEqual(stored))
            throw new DatasetFormatException(path, $"corrupted: SHA-256 mismatch (stored {Convert.ToHexStringLower(stored)}, computed {Convert.ToHexStringLower(computed)})");
        if (metadata is null) throw new DatasetFormatException(path, $"bad header: {problem}");
        if (expected != bytes.Length)
            throw new DatasetFormatException(path, $"size {bytes.Length} does not match the {expected} bytes the header implies");

        var m = metadata;
        var r = new SpanReader(bytes, PrefixSize + (int)headerLength);
        var blocks = new TrajectoryBlock[2];
        for (var b = 0; b < 2; b++)
        {
            var block = new TrajectoryBlock(m.Pairs, m.MaxLength, m.ObsDim, m.ActDim);
            r.Into(MemoryMarshal.AsBytes(block.Observations.AsSpan()));
            r.Into(MemoryMarshal.AsBytes(block.Actions.AsSpan()));
            r.Into(MemoryMarshal.AsBytes(block.BehaviourLogProbs.AsSpan()));
            r.Into(MemoryMarshal.AsBytes(block.Lengths.AsSpan()));
            r.Into(MemoryMarshal.AsBytes(block.Returns.AsSpan()));
            for (var i = 0; i < m.Pairs; i++) block.Sources[i] = r.Byte();
            for (var i = 0; i < m.Pairs; i++)
                if (block.Lengths[i] < 1 || block.Lengths[i] > m.MaxLength)
                    throw new DatasetFormatException(path, $"trajectory {i} of block {b} has length {block.Lengths[i]}, outside 1..{m.MaxLength}");
            blocks[b] = block;
        }
        var labels = new byte[m.Pairs];
        r.Into(labels);
        for (var i = 0; i < m.Pairs; i++)
            if (labels[i] > 1) throw new DatasetFormatException(path, $"label of pair {i} is {labels[i]}, expected 0 or 1");
        var flipped = new bool[m.Pairs];
        for (var i = 0; i < m.Pairs; i++) flipped[i] = r.Byte() != 0;
        return new PreferenceDataset(m, blocks[0], blocks[1], labels, flipped, Convert.ToHexStringLower(stored));
    }

    private static DatasetMetadata? TryParseHeader(ReadOnlySpan<byte> json, out string? problem)
    {
        problem = null;
        try
        {
            var m = JsonSerializer.Deserialize<DatasetMetadata>(json, JsonOptions);
            if (m is null) problem = "header is JSON null";
            else if (m.Task is null || m.OriginalAgentHash is null || m.TargetAgentHash is null) problem = "header misses task or agent hashes";
            else if (m.Pairs <= 0 || m.MaxLength <= 0 || m.ObsDim <= 0 || m.ActDim <= 0)
                problem = $"header has non-positive sizes (pairs {m.Pairs}, maxLength {m.MaxLength}, obsDim {m.ObsDim}, actDim {m.ActDim})";
            else return m;
        }
        catch (JsonException e)
        {
            problem = $"header is not valid metadata JSON ({e.Message})";
        }
        return null;
    }

    private ref struct SpanWriter(Span<byte> buffer)
    {
        private readonly Span<byte> _buffer = buffer;

        public int Position { get; private set; }

        public void Bytes(ReadOnlySpan<byte> data)
        {
            data.CopyTo(_buffer[Position..]);
            Position += data.Length;
        }

        public void Byte(byte value) => _buffer[Position++] = value;

        public void UInt32(uint value)
        {
            BinaryPrimitives.WriteUInt32LittleEndian(_buffer[Position..], value);
            Position += 4;
        }
    }

    private ref struct SpanReader(ReadOnlySpan<byte> buffer, int position)
    {
        private readonly ReadOnlySpan<byte> _buffer = buffer;
        private int _position = position;

        public void Into(Span<byte> target)
        {
            _buffer.Slice(_position, target.Length).CopyTo(target);
            _position += target.Length;
        }

        public byte Byte() => _buffer[_position++];
    }
}
