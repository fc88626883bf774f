using ILGPU;
using ILGPU.Runtime;
using ILGPU.Runtime.CPU;
using ILGPU.Runtime.Cuda;

namespace EvoPo.Simulation.Tasks.Ilgpu;

/// <summary>
/// The one ILGPU context and accelerator of the process, chosen once on first use: the first CUDA device when
/// an NVIDIA GPU is present, otherwise ILGPU's CPU accelerator. EVOPO_ILGPU=cpu forces the CPU accelerator.
/// Kernel launches are serialized on <see cref="Gate"/>, so environments may be stepped from several threads.
/// </summary>
public sealed class IlgpuDevice
{
    private static readonly Lazy<IlgpuDevice> Instance = new(() => new IlgpuDevice(Environment.GetEnvironmentVariable("EVOPO_ILGPU") == "cpu"));

    private IlgpuDevice(bool forceCpu)
    {
        Context = Context.Create(builder => builder.CPU().Cuda());
        var cuda = Context.GetCudaDevices();
        Accelerator = !forceCpu && cuda.Count > 0 ? cuda[0].CreateCudaAccelerator(Context) : Context.CreateCPUAccelerator(0);
    }

    public static IlgpuDevice Shared => Instance.Value;

    public Context Context { get; }

    public Accelerator Accelerator { get; }

    public object Gate { get; } = new();

    public override string ToString() => $"{Accelerator.AcceleratorType} ({Accelerator.Name})";
}
