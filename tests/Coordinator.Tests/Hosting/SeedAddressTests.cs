using EvoPo.Coordinator.Hosting;

namespace EvoPo.Coordinator.Tests.Hosting;

public sealed class SeedAddressTests
{
    [Theory]
    [InlineData("10.0.0.5:4053", false, "akka.tcp://evopo@10.0.0.5:4053")]
    [InlineData(" coordinator-0.evopo:4053 ", false, "akka.tcp://evopo@coordinator-0.evopo:4053")]
    [InlineData("10.0.0.5:4053", true, "akka.ssl.tcp://evopo@10.0.0.5:4053")]
    [InlineData("akka.ssl.tcp://evopo@10.0.0.5:4053", true, "akka.ssl.tcp://evopo@10.0.0.5:4053")]
    public void Host_and_port_become_an_address_of_the_transport_in_use(string seed, bool tls, string expected) =>
        Assert.Equal(expected, NodeOptions.SeedAddress(seed, tls));

    [Theory]
    [InlineData("akka.tcp://evopo@10.0.0.5:4053", true, "must use akka.ssl.tcp://")]
    [InlineData("akka.ssl.tcp://evopo@10.0.0.5:4053", false, "give --tls-cert")]
    [InlineData("10.0.0.5", false, "is not host:port")]
    [InlineData("10.0.0.5:99999", false, "is not host:port")]
    public void A_seed_that_cannot_be_reached_is_refused(string seed, bool tls, string message) =>
        Assert.Contains(message, Assert.Throws<ArgumentException>(() => NodeOptions.SeedAddress(seed, tls)).Message);
}
