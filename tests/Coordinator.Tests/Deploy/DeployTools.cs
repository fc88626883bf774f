using System.Diagnostics;
using EvoPo.Coordinator.Tests.EndToEnd;
using EvoPo.Coordinator.Tests.Pretrain;

namespace EvoPo.Coordinator.Tests.Deploy;

/// <summary>
/// The offline tools that check the deployment files: node with tools/deploy-check's packages (npm ci), and
/// kubectl for `kubectl kustomize`. ./test installs both; on a laptop without them the tests are reported as
/// skipped with what to install, never silently passed. Under ./test (or CI=true) they fail instead: <see cref="TestDependencies"/>.
/// </summary>
internal static class DeployTools
{
    public static string Root { get; } = ShippedAgentsTests.RepoRoot();

    public static string CheckDirectory { get; } = Path.Combine(Root, "tools", "deploy-check");

    public static string? NodeMissing() =>
        !OnPath("node") || !Directory.Exists(Path.Combine(CheckDirectory, "node_modules"))
            ? "needs node and `npm ci --prefix tools/deploy-check` (./test does both)"
            : null;

    public static string? KubectlMissing() =>
        OnPath("kubectl") ? null : "needs kubectl for `kubectl kustomize` (Debian: kubernetes-client; ./test installs it)";

    public static string? NodeSkipReason() => TestDependencies.SkipReason(NodeMissing(), TestDependencies.AllRequired);

    public static string? KustomizeSkipReason() =>
        TestDependencies.SkipReason(NodeMissing() ?? KubectlMissing(), TestDependencies.AllRequired);

    /// <summary>Runs <c>node check.mjs MODE FILES</c>; fails the test with its report unless it found no problem.</summary>
    public static string Check(string mode, params string[] files)
    {
        TestDependencies.Require(NodeMissing());
        var (code, output) = Run("node", [Path.Combine(CheckDirectory, "check.mjs"), mode, .. files]);
        Assert.True(code == 0, $"node check.mjs {mode} found problems:\n{output}");
        return output;
    }

    /// <summary>The overlay rendered by <c>kubectl kustomize</c>, written to a file.</summary>
    public static string Render(string overlay, string directory) =>
        RenderDirectory(Path.Combine(Root, "deploy", "k8s", "overlays", overlay), directory, overlay);

    /// <summary>
    /// An overlay as a user makes one: <paramref name="overlay"/> (deploy/k8s/overlays/...) with the kustomize directory
    /// <paramref name="addition"/> (relative to deploy/k8s) added to its bases, in the namespace evopo; rendered to a file.
    /// </summary>
    public static string RenderWith(string overlay, string addition, string directory)
    {
        var root = Directory.CreateDirectory(Path.Combine(directory, $"{overlay}+{addition.Replace('/', '-')}")).FullName;
        // kustomize takes no absolute paths for bases: relative ones, from the temporary overlay to the repository.
        string Base(string path) => Path.GetRelativePath(root, Path.Combine(Root, "deploy", "k8s", path)).Replace('\\', '/');
        File.WriteAllText(Path.Combine(root, "kustomization.yaml"), $"""
            apiVersion: kustomize.config.k8s.io/v1beta1
            kind: Kustomization
            namespace: evopo
            resources:
              - {Base(Path.Combine("overlays", overlay))}
              - {Base(addition)}
            """);
        return RenderDirectory(root, directory, Path.GetFileName(root));
    }

    /// <summary>The kustomize directory <paramref name="kustomization"/> rendered by <c>kubectl kustomize</c>, written to NAME.yaml.</summary>
    public static string RenderDirectory(string kustomization, string directory, string name)
    {
        TestDependencies.Require(KubectlMissing());
        var (code, output) = Run("kubectl", ["kustomize", kustomization], stderr: false);
        Assert.True(code == 0, $"kubectl kustomize {Path.GetRelativePath(Root, kustomization)} failed:\n{output}");
        var file = Path.Combine(directory, $"{name.Replace('/', '-')}.yaml");
        File.WriteAllText(file, output);
        return file;
    }

    private static (int Code, string Output) Run(string program, IEnumerable<string> args, bool stderr = true)
    {
        var info = new ProcessStartInfo(program)
        {
            WorkingDirectory = Root,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in args) info.ArgumentList.Add(arg);
        using var process = Process.Start(info) ?? throw new InvalidOperationException($"could not start {program}");
        var error = process.StandardError.ReadToEndAsync();
        var output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        // kustomize warns about deprecated fields on stderr; keep its stdout clean YAML.
        return (process.ExitCode, stderr ? output + error.Result : (process.ExitCode == 0 ? output : output + error.Result));
    }

    private static bool OnPath(string program) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator)
            .Any(dir => dir.Length > 0 && File.Exists(Path.Combine(dir, program)));
}

/// <summary>A test that needs node and tools/deploy-check's packages.</summary>
public sealed class DeployToolsFactAttribute : FactAttribute
{
    public DeployToolsFactAttribute() => Skip = DeployTools.NodeSkipReason();
}

/// <summary>A test over rendered overlays: needs kubectl as well.</summary>
public sealed class KustomizeTheoryAttribute : TheoryAttribute
{
    public KustomizeTheoryAttribute() => Skip = DeployTools.KustomizeSkipReason();
}
