using System.Buffers.Binary;
using EvoPo.Simulation.Datasets;

namespace EvoPo.Simulation.Tests.Datasets;

public sealed class DatasetFileTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("evopo-ds-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static readonly PreferenceDataset Dataset = DatasetBuilder.Build(
        DatasetBuilderTests.Target, DatasetBuilderTests.Original, DatasetBuilderTests.TargetAgent,
        new DatasetSpec(12, DatasetVariant.Noisy, 0.3, 2.0, Seed: 9));

    private string Written(string name = "d.evopods")
    {
        var path = Path.Combine(_dir, name);
        DatasetFile.Write(path, Dataset);
        return path;
    }

    [Fact]
    public void Round_trip_keeps_every_array_and_the_hash()
    {
        var back = DatasetFile.Read(Written());
        Assert.Equal(Dataset.ContentHash, back.ContentHash);
        Assert.Equal(Dataset.Metadata, back.Metadata);
        Assert.Equal(Dataset.Labels, back.Labels);
        Assert.Equal(Dataset.Flipped, back.Flipped);
        foreach (var (a, b) in new[] { (Dataset.Chosen, back.Chosen), (Dataset.Rejected, back.Rejected), (Dataset.First, back.First) })
        {
            Assert.Equal(a.Observations, b.Observations);
            Assert.Equal(a.Actions, b.Actions);
            Assert.Equal(a.BehaviourLogProbs, b.BehaviourLogProbs);
            Assert.Equal(a.Lengths, b.Lengths);
            Assert.Equal(a.Returns, b.Returns);
            Assert.Equal(a.Sources, b.Sources);
        }
    }

    [Fact]
    public void Writing_twice_gives_byte_identical_files_and_leaves_no_temporaries()
    {
        var a = File.ReadAllBytes(Written("a.evopods"));
        var b = File.ReadAllBytes(Written("b.evopods"));
        Assert.Equal(a, b);
        Assert.Equal(Dataset.ContentHash, Convert.ToHexStringLower(a.AsSpan(a.Length - 32)));
        Assert.Equal(2, Directory.GetFiles(_dir).Length);
    }

    private string Mutated(Func<byte[], byte[]> change)
    {
        var path = Written();
        File.WriteAllBytes(path, change(File.ReadAllBytes(path)));
        return path;
    }

    private static void AssertRefused(string path, string problem)
    {
        var e = Assert.Throws<DatasetFormatException>(() => DatasetFile.Read(path));
        Assert.Contains(path, e.Message);
        Assert.Contains(problem, e.Message);
    }

    [Fact]
    public void Truncated_file_is_refused()
    {
        AssertRefused(Mutated(b => b[..(b.Length - 100)]), "truncated");
        AssertRefused(Mutated(b => b[..20]), "truncated");
        AssertRefused(Mutated(b => b[..4]), "truncated");
    }

    [Fact]
    public void Corrupted_byte_is_refused_as_a_hash_mismatch()
    {
        AssertRefused(Mutated(b => { b[b.Length / 2] ^= 0x40; return b; }), "corrupted: SHA-256 mismatch");
    }

    [Fact]
    public void Wrong_version_is_refused()
    {
        AssertRefused(Mutated(b => { BinaryPrimitives.WriteUInt32LittleEndian(b.AsSpan(8), 2); return b; }), "format version 2 is not supported");
    }

    [Fact]
    public void Wrong_magic_is_refused()
    {
        AssertRefused(Mutated(b => { b[0] = (byte)'X'; return b; }), "wrong magic");
    }
}
