using EvoPo.GpuWorker.Torch;
using TorchSharp;
using static TorchSharp.torch;

namespace EvoPo.GpuWorker.Tests.Torch;

public sealed class TorchRuntimeTests
{
    public TorchRuntimeTests() => TorchRuntime.EnsureLoaded();

    [Fact]
    public void Gradient_descent_through_TorchSharp_fits_a_tensor()
    {
        using var scope = NewDisposeScope();
        var target = tensor(new float[] { 1.5f, -2f, 0.25f });
        var x = zeros(3, requires_grad: true);
        for (var i = 0; i < 200; i++)
        {
            using var step = NewDisposeScope();
            var loss = (x - target).pow(2).sum();
            loss.backward();
            using (no_grad())
            {
                x.sub_(x.grad! * 0.1f);
                x.grad!.zero_();
            }
        }
        var fitted = x.detach().data<float>().ToArray();
        Assert.Equal(new[] { 1.5f, -2f, 0.25f }, fitted, new ToleranceComparer(1e-4f));
    }

    [Fact]
    public void Unknown_cuda_device_is_refused_with_a_clear_message_on_cpu_hosts()
    {
        if (cuda.is_available()) return; // the GPU path is checked on GPU machines instead
        var error = Assert.Throws<InvalidOperationException>(() => TorchRuntime.Device("cuda"));
        Assert.Contains("CUDA is not available", error.Message);
    }

    private sealed class ToleranceComparer(float tolerance) : IEqualityComparer<float>
    {
        public bool Equals(float a, float b) => Math.Abs(a - b) <= tolerance;
        public int GetHashCode(float value) => 0;
    }
}
