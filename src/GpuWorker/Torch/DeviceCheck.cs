using System.Globalization;
using TorchSharp;

namespace EvoPo.GpuWorker.Torch;

/// <summary>
/// Whether a device name ("cpu", "cuda", "cuda:N") can be used on this host, as one line saying why not. A worker asks
/// before it joins: one that joined without its device would take units and fail every one of them.
/// </summary>
public static class DeviceCheck
{
    /// <summary>The name is not a device at all (bad input), or null.</summary>
    public static string? NameProblem(string name) =>
        Parse(name) is null ? $"device '{name}' is not one of cpu, cuda, cuda:N" : null;

    /// <summary>Why <paramref name="name"/> cannot be used here, or null; asks TorchSharp only for a CUDA device.</summary>
    public static string? Problem(string name)
    {
        if (NameProblem(name) is { } bad) return bad;
        if (Parse(name) < 0) return null;
        TorchRuntime.EnsureLoaded();
        return Problem(name, torch.cuda.is_available(), torch.cuda.is_available() ? torch.cuda.device_count() : 0);
    }

    /// <summary>The rule, given what the host has (pure).</summary>
    public static string? Problem(string name, bool cudaAvailable, int cudaDevices)
    {
        if (NameProblem(name) is { } bad) return bad;
        var index = Parse(name)!.Value;
        if (index < 0) return null;
        if (!cudaAvailable)
            return $"device '{name}' requested but CUDA is not available on this host (no GPU or driver, or a CPU-only TorchSharp build: TorchBackend=cpu)";
        if (index >= cudaDevices)
            return $"device '{name}' requested but this host has {cudaDevices} CUDA device(s) (cuda:0..cuda:{cudaDevices - 1})";
        return null;
    }

    /// <summary>-1 for cpu, the CUDA index for cuda (0) or cuda:N, null for anything else.</summary>
    private static int? Parse(string name)
    {
        if (name == "cpu") return -1;
        if (name == "cuda") return 0;
        return name.StartsWith("cuda:", StringComparison.Ordinal)
               && int.TryParse(name.AsSpan(5), NumberStyles.None, CultureInfo.InvariantCulture, out var index)
            ? index
            : null;
    }
}
