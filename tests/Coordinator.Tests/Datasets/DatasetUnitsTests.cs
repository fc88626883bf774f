using EvoPo.Coordinator.Datasets;
using EvoPo.Messages.Work;
using EvoPo.Simulation.Datasets;
using EvoPo.Simulation.Tasks;

namespace EvoPo.Coordinator.Tests.Datasets;

public sealed class DatasetUnitsTests
{
    [Fact]
    public void A_unit_carries_as_many_pairs_as_fit_in_four_MiB_at_most_64()
    {
        Assert.Equal(14, DatasetUnits.PairsPerUnit(BuiltInTasks.Get("tla", 1000)));
        Assert.Equal(64, DatasetUnits.PairsPerUnit(BuiltInTasks.Get("crawler-3leg", 100)));
        var tla = BuiltInTasks.Get("tla", 1000);
        Assert.True(DatasetUnits.PairsPerUnit(tla) * DatasetChunk.BytesPerPair(1000, tla.ObsDim, tla.ActDim) <= DatasetUnits.ResultBudgetBytes);
    }

    [Fact]
    public void A_pair_too_large_for_the_frame_gets_no_units_and_a_large_one_travels_alone()
    {
        Assert.Null(DatasetUnits.PairsPerUnit(BuiltInTasks.Get("crawler-3leg", 200_000)));
        Assert.Equal(1, DatasetUnits.PairsPerUnit(BuiltInTasks.Get("crawler-3leg", 50_000)));
    }

    [Fact]
    public void The_units_cover_every_pair_once_in_order()
    {
        var task = BuiltInTasks.Get("crawler-3leg", 100);
        var spec = new DatasetSpec(130, DatasetVariant.Base, 0, 1, 3);
        var units = DatasetUnits.Cut("b", task, spec, new ArtifactRef("o", "o.json"), new ArtifactRef("t", "t.json"), 64);
        Assert.Equal([(0, 64), (64, 64), (128, 2)], units.Select(u => (u.DatasetChunk!.FirstPair, u.DatasetChunk.Pairs)));
        Assert.Equal([0, 1, 2], units.Select(u => u.Id.UnitIndex));
        Assert.All(units, u => Assert.Equal(("b", 130, "base", "t"), (u.Id.RunId, u.DatasetChunk!.TotalPairs, u.DatasetChunk.Variant, u.DatasetChunk.Target.ContentHash)));
    }
}
