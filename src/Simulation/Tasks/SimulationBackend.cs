namespace EvoPo.Simulation.Tasks;

/// <summary>Where a built-in task's batch steps: plain C# loops, or ILGPU kernels (one thread per environment).</summary>
public enum SimulationBackend
{
    Cpu,

    /// <summary>ILGPU on <see cref="Ilgpu.IlgpuDevice.Shared"/>: CUDA when an NVIDIA GPU is present, else ILGPU's CPU accelerator.</summary>
    Ilgpu,
}
