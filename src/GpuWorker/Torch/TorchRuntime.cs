using System.Runtime.InteropServices;
using TorchSharp;

namespace EvoPo.GpuWorker.Torch;

/// <summary>
/// Makes the TorchSharp native libraries loadable; call before the first TorchSharp use.
/// Where the build had to patch libLibTorchSharp.so for an older libstdc++ (see
/// build/torchsharp-compat), the shim that defines the missing symbol must be in the global symbol
/// scope before TorchSharp loads, which is what this does. Elsewhere there is no shim and nothing to do.
/// </summary>
public static class TorchRuntime
{
    private const string CompatLibrary = "libevopo_stdcxx_compat.so";
    private const int RtldNow = 0x2;
    private const int RtldGlobal = 0x100;
    private static readonly Lock Gate = new();
    private static bool _loaded;

    public static void EnsureLoaded()
    {
        lock (Gate)
        {
            if (_loaded) return;
            if (OperatingSystem.IsLinux()) LoadCompatShim();
            torch.InitializeDeviceType(DeviceType.CPU);
            _loaded = true;
        }
    }

    /// <summary>The device for a name such as "cpu", "cuda" or "cuda:1", with a clear error when it is not there.</summary>
    public static torch.Device Device(string name)
    {
        EnsureLoaded();
        if (DeviceCheck.Problem(name) is { } problem) throw new InvalidOperationException(problem);
        return new torch.Device(name);
    }

    private static void LoadCompatShim()
    {
        foreach (var dir in new[] { Path.Combine(AppContext.BaseDirectory, "runtimes", "linux-x64", "native"), AppContext.BaseDirectory })
        {
            var path = Path.Combine(dir, CompatLibrary);
            if (!File.Exists(path)) continue;
            if (dlopen(path, RtldNow | RtldGlobal) == IntPtr.Zero)
                throw new DllNotFoundException($"could not load {path}: {Marshal.PtrToStringUTF8(dlerror())}");
            return;
        }
    }

    [DllImport("libc", EntryPoint = "dlopen")]
    private static extern IntPtr dlopen(string path, int flags);

    [DllImport("libc", EntryPoint = "dlerror")]
    private static extern IntPtr dlerror();
}
