using EvoPo.Coordinator.Store;

namespace EvoPo.Coordinator.Tests.Store;

public sealed class MaterializePlanTests
{
    [Fact]
    public void Missing_files_are_written_and_files_with_other_content_are_named_but_left_alone()
    {
        var stored = new[] { new StoredFile("config.yaml", "a"), new StoredFile("best.json", "b"), new StoredFile("dataset.evopods", "c") };
        var local = new Dictionary<string, string> { ["config.yaml"] = "a", ["best.json"] = "x" };

        var plan = MaterializePlan.For(stored, name => local.GetValueOrDefault(name));

        Assert.Equal(["dataset.evopods"], plan.Write.Select(f => f.Name));
        Assert.Equal(["best.json"], plan.Differing.Select(f => f.Name));
    }
}
