using EvoPo.GpuWorker.Torch;

namespace EvoPo.GpuWorker.Tests.Torch;

public sealed class DeviceCheckTests
{
    [Theory]
    [InlineData("cpu", false, 0)]
    [InlineData("cuda", true, 1)]
    [InlineData("cuda:1", true, 2)]
    public void A_device_the_host_has_passes(string name, bool cudaAvailable, int devices) =>
        Assert.Null(DeviceCheck.Problem(name, cudaAvailable, devices));

    [Fact]
    public void Cuda_on_a_host_without_it_names_the_device_and_the_cause()
    {
        var problem = DeviceCheck.Problem("cuda", cudaAvailable: false, cudaDevices: 0);
        Assert.Equal("device 'cuda' requested but CUDA is not available on this host (no GPU or driver, or a CPU-only TorchSharp build: TorchBackend=cpu)",
            problem);
    }

    [Fact]
    public void A_cuda_index_beyond_the_hosts_devices_is_refused() =>
        Assert.Equal("device 'cuda:2' requested but this host has 2 CUDA device(s) (cuda:0..cuda:1)", DeviceCheck.Problem("cuda:2", true, 2));

    [Theory]
    [InlineData("gpu")]
    [InlineData("cuda:")]
    [InlineData("cuda:-1")]
    [InlineData("CPU")]
    public void A_name_that_is_no_device_is_bad_input(string name)
    {
        Assert.Equal($"device '{name}' is not one of cpu, cuda, cuda:N", DeviceCheck.NameProblem(name));
        Assert.Equal(DeviceCheck.NameProblem(name), DeviceCheck.Problem(name, true, 8));
    }

    [Fact]
    public void This_host_answers_for_cuda_as_torch_sees_it()
    {
        TorchRuntime.EnsureLoaded();
        Assert.Equal(TorchSharp.torch.cuda.is_available(), DeviceCheck.Problem("cuda") is null);
        Assert.Null(DeviceCheck.Problem("cpu"));
    }
}
