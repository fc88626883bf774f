using EvoPo.Coordinator.Runs;

namespace EvoPo.Coordinator.Tests.Runs;

/// <summary>Whether a new search may be prepared in a folder whose run the journal does not hold.</summary>
public sealed class UnjournaledFolderTests : IDisposable
{
    private const string Yaml = "es:\n  population: 4\n";
    private const string Journal = "the journal /x/evopo.db";
    private readonly string _dir = Directory.CreateTempSubdirectory("evopo-unjournaled-").FullName;
    private readonly RunFolder _folder;

    public UnjournaledFolderTests() => _folder = new RunFolder(_dir, "R");

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void A_missing_or_empty_folder_may_be_prepared()
    {
        Assert.Null(UnjournaledFolder.Refusal(_folder, Yaml, Journal));
        _folder.Create();
        Assert.Null(UnjournaledFolder.Refusal(_folder, Yaml, Journal));
    }

    [Fact]
    public void The_leftovers_of_a_preparation_of_the_same_config_may_be_prepared_again()
    {
        Write("config.yaml", Yaml);
        Write("start.agent.json", "{}");
        Write("dataset.evopods.tmp", "half");
        Write("run.lock", "123\n");

        Assert.Null(UnjournaledFolder.Refusal(_folder, Yaml, Journal));
    }

    [Fact]
    public void The_leftovers_of_another_config_are_refused()
    {
        Write("config.yaml", "es:\n  population: 8\n");
        Write("start.agent.json", "{}");

        Assert.NotNull(UnjournaledFolder.Refusal(_folder, Yaml, Journal));
    }

    [Fact]
    public void A_folder_with_outputs_is_refused_naming_them_the_journal_and_the_flag_and_cleared_only_when_asked()
    {
        foreach (var name in new[] { "best.json", "dataset.evopods", "history.csv", "report.md", "start.agent.json", "target.agent.json", "time.png" })
            Write(name, "x");

        var refusal = UnjournaledFolder.Refusal(_folder, Yaml, Journal);

        Assert.Equal($"run folder {_folder.Folder} is not empty (best.json, dataset.evopods, history.csv, report.md, start.agent.json, " +
                     $"target.agent.json and 1 more) but {Journal} holds no run 'R': a new search there would overwrite it. Move the folder " +
                     "away or pick another --run-id; or pass --overwrite to delete its contents and start a new run in it", refusal);
        Assert.Equal(7, Directory.GetFiles(_folder.Folder).Length);
        UnjournaledFolder.Clear(_folder);
        Assert.False(_folder.Exists);
    }

    private void Write(string name, string text)
    {
        _folder.Create();
        File.WriteAllText(Path.Combine(_folder.Folder, name), text);
    }
}
