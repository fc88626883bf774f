using System.Runtime.InteropServices;
using System.Security.Cryptography;
using System.Text.Json;

namespace EvoPo.Simulation.Datasets;

/// <summary>
/// Writes an <c>*.evopods</c> file chunk by chunk (docs/dataset-format.md): the file is sized up front, each chunk's
/// trajectories go straight to their offsets, the per-pair scalars are kept until <see cref="Complete"/>, which
/// writes them, hashes the file by reading it back sequentially, and renames it over <c>path</c>. The bytes equal
/// <see cref="DatasetFile.Write"/>'s for the same dataset.
/// Chunks may come in any order (workers answer out of order): each is written at its own offsets at once, so nothing is
/// buffered waiting for an earlier chunk. Memory is the chunk being written plus 35 bytes per pair of the dataset (its
/// scalars and which pairs are in), whatever the order; a chunk written twice (a unit answered twice) writes the same bytes.
/// </summary>
public sealed class DatasetFileWriter : IDisposable
{
    private readonly string _path, _temp;
    private readonly DatasetMetadata _m;
    private readonly FileStream _stream;
    private readonly long _dataStart, _blockSize, _size;
    private readonly int[][] _lengths, _sources;
    private readonly double[][] _returns;
    private readonly byte[] _labels;
    private readonly bool[] _flipped, _written;
    private bool _completed;

    public DatasetFileWriter(string path, DatasetMetadata metadata)
    {
        if (!BitConverter.IsLittleEndian) throw new PlatformNotSupportedException("dataset files are written on little-endian machines only");
        _path = path;
        _m = metadata;
        var header = JsonSerializer.SerializeToUtf8Bytes(metadata, DatasetFile.JsonOptions);
        _size = DatasetFile.ExpectedSize(metadata, header.Length);
        _dataStart = DatasetFile.PrefixSize + header.Length;
        _blockSize = (_size - _dataStart - 2L * metadata.Pairs - DatasetFile.HashSize) / 2;
        _temp = DatasetTempFiles.Create(path);
        _stream = new FileStream(_temp, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None, 1 << 20);
        _stream.SetLength(_size);
        Span<byte> prefix = stackalloc byte[DatasetFile.PrefixSize];
        DatasetFile.Magic.CopyTo(prefix);
        BitConverter.TryWriteBytes(prefix[8..], (uint)DatasetFile.Version);
        BitConverter.TryWriteBytes(prefix[12..], (uint)header.Length);
        _stream.Write(prefix);
        _stream.Write(header);
        var p = metadata.Pairs;
        _lengths = [new int[p], new int[p]];
        _sources = [new int[p], new int[p]];
        _returns = [new double[p], new double[p]];
        _labels = new byte[p];
        _flipped = new bool[p];
        _written = new bool[p];
    }

    /// <summary>Pairs written so far (a pair written twice counts once).</summary>
    public int WrittenPairs { get; private set; }

    /// <summary>The chunk's pairs, at their offsets; any order.</summary>
    public void WriteChunk(DatasetChunk chunk) => WriteChunk(chunk.FirstPair, chunk.First, chunk.Second, chunk.Labels, chunk.Flipped);

    /// <summary>Pairs firstPair .. firstPair + first.Count − 1.</summary>
    public void WriteChunk(int firstPair, TrajectoryBlock first, TrajectoryBlock second, ReadOnlySpan<byte> labels, ReadOnlySpan<bool> flipped)
    {
        var count = first.Count;
        if (second.Count != count || labels.Length != count || flipped.Length != count || firstPair < 0 || firstPair + count > _m.Pairs)
            throw new ArgumentException($"chunk of {count} pairs at {firstPair} does not fit a dataset of {_m.Pairs}");
        long pairs = _m.Pairs, mo = (long)_m.MaxLength * _m.ObsDim, ma = (long)_m.MaxLength * _m.ActDim, ml = _m.MaxLength;
        for (var b = 0; b < 2; b++)
        {
            var block = b == 0 ? first : second;
            if (block.MaxLength != _m.MaxLength || block.ObsDim != _m.ObsDim || block.ActDim != _m.ActDim)
                throw new ArgumentException("chunk shape does not match the dataset header");
            var start = _dataStart + b * _blockSize;
            WriteAt(start + 4 * firstPair * mo, MemoryMarshal.AsBytes(block.Observations.AsSpan()));
            WriteAt(start + 4 * pairs * mo + 4 * firstPair * ma, MemoryMarshal.AsBytes(block.Actions.AsSpan()));
            WriteAt(start + 4 * pairs * (mo + ma) + 4 * firstPair * ml, MemoryMarshal.AsBytes(block.BehaviourLogProbs.AsSpan()));
            block.Lengths.CopyTo(_lengths[b], firstPair);
            block.Sources.CopyTo(_sources[b], firstPair);
            block.Returns.CopyTo(_returns[b], firstPair);
        }
        labels.CopyTo(_labels.AsSpan(firstPair));
        flipped.CopyTo(_flipped.AsSpan(firstPair));
        var written = _written.AsSpan(firstPair, count);
        WrittenPairs += count - written.Count(true);
        written.Fill(true);
    }

    /// <summary>Writes the scalars and the hash and moves the file into place; every pair must have been written.</summary>
    public DatasetSummaryData Complete()
    {
        var missing = Array.IndexOf(_written, false);
        if (missing >= 0) throw new InvalidOperationException($"pair {missing} was never written");
        long pairs = _m.Pairs, steps = pairs * _m.MaxLength;
        for (var b = 0; b < 2; b++)
        {
            var start = _dataStart + b * _blockSize + 4 * steps * (_m.ObsDim + _m.ActDim + 1);
            WriteAt(start, MemoryMarshal.AsBytes(_lengths[b].AsSpan()));
            WriteAt(start + 4 * pairs, MemoryMarshal.AsBytes(_returns[b].AsSpan()));
            WriteAt(start + 12 * pairs, [.. _sources[b].Select(s => (byte)s)]);
        }
        var tail = _dataStart + 2 * _blockSize;
        WriteAt(tail, _labels);
        WriteAt(tail + pairs, [.. _flipped.Select(f => f ? (byte)1 : (byte)0)]);

        _stream.Position = 0;
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var buffer = new byte[1 << 20];
        var remaining = _size - DatasetFile.HashSize;
        while (remaining > 0)
        {
            var read = _stream.Read(buffer, 0, (int)Math.Min(buffer.Length, remaining));
            if (read <= 0) throw new IOException($"short read while hashing {_temp}");
            sha.AppendData(buffer, 0, read);
            remaining -= read;
        }
        var hash = sha.GetHashAndReset();
        WriteAt(_size - DatasetFile.HashSize, hash);
        _stream.Flush(flushToDisk: true);
        _stream.Dispose();
        File.Move(_temp, _path, overwrite: true);
        _completed = true;
        return new DatasetSummaryData(_m, Convert.ToHexStringLower(hash), _returns[0], _returns[1], _sources[0], _sources[1], _labels, _flipped);
    }

    private void WriteAt(long offset, ReadOnlySpan<byte> data)
    {
        _stream.Position = offset;
        _stream.Write(data);
    }

    public void Dispose()
    {
        _stream.Dispose();
        if (!_completed && File.Exists(_temp)) File.Delete(_temp);
    }
}
