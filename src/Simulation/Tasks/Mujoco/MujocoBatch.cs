using System.Runtime.InteropServices;
using System.Text;

namespace EvoPo.Simulation.Tasks.Mujoco;

/// <summary>One loaded model with N simulation states (the shim's evopo_batch), freed when disposed or finalized.</summary>
internal sealed unsafe class MujocoBatch : SafeHandle
{
    private readonly MujocoNative.Api _api;

    public MujocoBatch(string modelPath, int count) : base(IntPtr.Zero, ownsHandle: true)
    {
        _api = MujocoNative.Functions;
        if (!File.Exists(modelPath)) throw new FileNotFoundException($"MuJoCo model not found: {modelPath}", modelPath);
        var path = Encoding.UTF8.GetBytes(modelPath + "\0");
        var error = new byte[1000];
        IntPtr h;
        fixed (byte* p = path)
        fixed (byte* e = error)
            h = _api.Create(p, count, e, error.Length);
        if (h == IntPtr.Zero)
            throw new InvalidOperationException($"MuJoCo could not load {modelPath}: {Encoding.UTF8.GetString(error).TrimEnd('\0')}");
        SetHandle(h);
        Count = count;
        var dims = stackalloc int[3];
        double timestep;
        _api.Dims(h, dims, &timestep, null);
        (Nq, Nv, Nu, Timestep) = (dims[0], dims[1], dims[2], timestep);
        var qpos0 = new double[Nq];
        fixed (double* q = qpos0) _api.Dims(h, dims, &timestep, q);
        Qpos0 = qpos0;
    }

    public int Count { get; }
    public int Nq { get; }
    public int Nv { get; }
    public int Nu { get; }
    public double Timestep { get; }
    public IReadOnlyList<double> Qpos0 { get; }

    public override bool IsInvalid => handle == IntPtr.Zero;

    public void SetState(int i, ReadOnlySpan<double> qpos, ReadOnlySpan<double> qvel)
    {
        fixed (double* q = qpos)
        fixed (double* v = qvel)
            _api.SetState(handle, i, q, v);
    }

    /// <summary>Steps environments begin..end-1 with active[i] != 0 (full-batch buffers, see the shim).</summary>
    public void Step(int begin, int end, ReadOnlySpan<double> ctrl, ReadOnlySpan<byte> active, int frameSkip, Span<double> qpos, Span<double> qvel)
    {
        fixed (double* c = ctrl)
        fixed (byte* a = active)
        fixed (double* q = qpos)
        fixed (double* v = qvel)
            _api.Step(handle, begin, end, c, a, frameSkip, q, v);
    }

    /// <summary>Wall seconds of a plain C loop of <paramref name="steps"/> × frameSkip mj_step calls on environments begin..end-1.</summary>
    public double BenchPlain(int begin, int end, ReadOnlySpan<double> ctrlSequence, int steps, int frameSkip)
    {
        fixed (double* c = ctrlSequence)
            return _api.BenchPlain(handle, begin, end, c, ctrlSequence.Length / Nu, steps, frameSkip);
    }

    protected override bool ReleaseHandle()
    {
        _api.Destroy(handle);
        return true;
    }
}
