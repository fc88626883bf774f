using EvoPo.Coordinator.Tests.Pretrain;

namespace EvoPo.Coordinator.Tests.EndToEnd;

public sealed class TestDependenciesTests
{
    private static readonly string Root = ShippedAgentsTests.RepoRoot();

    [Fact]
    public void A_missing_dependency_is_skipped_on_a_laptop_and_fails_under_the_test_script()
    {
        var missing = PostgresFactAttribute.MissingReason(null);
        Assert.NotNull(missing);
        Assert.Equal(missing, TestDependencies.SkipReason(missing, allRequired: false));
        Assert.Null(TestDependencies.SkipReason(missing, allRequired: true));
        var e = Assert.Throws<InvalidOperationException>(() => TestDependencies.Require(missing));
        Assert.Contains(PostgresFactAttribute.Variable, e.Message);
        Assert.Contains(TestDependencies.Variable, e.Message);
        Assert.NotNull(ChromiumFactAttribute.MissingReason("/nonexistent/chromium"));
        Assert.Contains("python3-torch", PythonTorch.MissingReason("/nonexistent/python3"));
    }

    [Fact]
    public void The_test_script_installs_the_dependencies_requires_them_all_and_is_what_ci_and_the_readme_run()
    {
        var script = File.ReadAllText(Path.Combine(Root, "test"));
        foreach (var package in new[] { "libmujoco-dev", "postgresql", "chromium", "nodejs", "npm", "kubernetes-client", "gcc", "python3-torch" })
            Assert.Contains(package, script);
        Assert.Contains($"export {TestDependencies.Variable}=1", script);
        Assert.Contains($"export {PostgresFactAttribute.Variable}=", script);
        Assert.Contains("npm ci --prefix tools/deploy-check", script);
        Assert.Contains("dotnet test Cluster.sln", script);
        Assert.Contains("./test", File.ReadAllText(Path.Combine(Root, ".ci", "run")));

        var firstBlock = File.ReadAllText(Path.Combine(Root, "README.md")).Split("```")[1];
        Assert.Contains("./evopo search --config configs/quickstart.yaml", firstBlock);
        Assert.Contains("\n./test", firstBlock);
    }
}
