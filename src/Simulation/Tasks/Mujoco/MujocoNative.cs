using System.Runtime.InteropServices;

namespace EvoPo.Simulation.Tasks.Mujoco;

/// <summary>
/// The shim <c>libevopo_mujoco.so</c> (native/evopo_mujoco.c, built with the project when the MuJoCo headers are
/// installed) loaded on first use. Its entry points are function pointers so that a missing MuJoCo library is
/// reported once, with the package to install, instead of as a bare DllNotFoundException.
/// </summary>
public static unsafe class MujocoNative
{
    public const string ShimFileName = "libevopo_mujoco.so";
    public const string Package = "libmujoco-dev";

    private static readonly Lazy<Api> Loaded = new(() => Load(Path.Combine(BaseDirectory, ShimFileName)));

    /// <summary>True when the shim and MuJoCo load on this machine.</summary>
    public static bool IsAvailable
    {
        get
        {
            try { _ = Loaded.Value; return true; }
            catch (MujocoUnavailableException) { return false; }
        }
    }

    internal static Api Functions => Loaded.Value;

    /// <summary>Loads the shim at <paramref name="shimPath"/>; throws <see cref="MujocoUnavailableException"/> naming the package when it cannot.</summary>
    public static Api Load(string shimPath)
    {
        if (!File.Exists(shimPath))
            throw new MujocoUnavailableException(
                $"MuJoCo tasks need {ShimFileName}, which the build compiles only when the MuJoCo C library is installed: " +
                $"install the Debian package {Package} (sudo apt-get install -y {Package}) and rebuild. Not found: {shimPath}");
        IntPtr handle;
        try
        {
            handle = NativeLibrary.Load(shimPath);
        }
        catch (DllNotFoundException e)
        {
            throw new MujocoUnavailableException(
                $"could not load the MuJoCo library (libmujoco.so.2.2.2) through {shimPath}: install the Debian package {Package} " +
                $"(sudo apt-get install -y {Package}). Loader said: {e.Message}", e);
        }
        return new Api(handle);
    }

    /// <summary>The shim's entry points (see native/evopo_mujoco.c for their contracts).</summary>
    public sealed class Api
    {
        internal Api(IntPtr handle)
        {
            Version = (delegate* unmanaged<int>)NativeLibrary.GetExport(handle, "evopo_mj_version");
            Create = (delegate* unmanaged<byte*, int, byte*, int, IntPtr>)NativeLibrary.GetExport(handle, "evopo_mj_create");
            Destroy = (delegate* unmanaged<IntPtr, void>)NativeLibrary.GetExport(handle, "evopo_mj_destroy");
            Dims = (delegate* unmanaged<IntPtr, int*, double*, double*, void>)NativeLibrary.GetExport(handle, "evopo_mj_dims");
            SetState = (delegate* unmanaged<IntPtr, int, double*, double*, void>)NativeLibrary.GetExport(handle, "evopo_mj_set_state");
            Step = (delegate* unmanaged<IntPtr, int, int, double*, byte*, int, double*, double*, void>)NativeLibrary.GetExport(handle, "evopo_mj_step");
            BenchPlain = (delegate* unmanaged<IntPtr, int, int, double*, int, int, int, double>)NativeLibrary.GetExport(handle, "evopo_mj_bench_plain");
        }

        internal delegate* unmanaged<int> Version { get; }
        internal delegate* unmanaged<byte*, int, byte*, int, IntPtr> Create { get; }
        internal delegate* unmanaged<IntPtr, void> Destroy { get; }
        internal delegate* unmanaged<IntPtr, int*, double*, double*, void> Dims { get; }
        internal delegate* unmanaged<IntPtr, int, double*, double*, void> SetState { get; }
        internal delegate* unmanaged<IntPtr, int, int, double*, byte*, int, double*, double*, void> Step { get; }
        internal delegate* unmanaged<IntPtr, int, int, double*, int, int, int, double> BenchPlain { get; }
    }

    /// <summary>MuJoCo's version number (222 for 2.2.2).</summary>
    public static int Version() => Functions.Version();

    /// <summary>Where the build puts the shim and the models (<c>mujoco/*.xml</c>): next to this assembly.</summary>
    public static string BaseDirectory =>
        Path.GetDirectoryName(typeof(MujocoNative).Assembly.Location) is { Length: > 0 } dir ? dir : AppContext.BaseDirectory;

    internal static string ModelPath(string fileName) => Path.Combine(BaseDirectory, "mujoco", fileName);
}
