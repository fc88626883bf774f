using EvoPo.Coordinator.Hosting;

namespace EvoPo.Coordinator.Tests.Hosting;

/// <summary>The command line's discovery choice: what it accepts, and the one-line messages for what it does not.</summary>
public sealed class DiscoveryOptionsTests
{
    [Fact]
    public void Config_discovery_keeps_the_contact_points_and_defaults_the_management_port()
    {
        var options = DiscoveryOptions.Parse("config", " coordinator:8558 , 10.0.0.6:8559", null);
        Assert.Equal(DiscoveryMethod.Config, options.Method);
        Assert.Equal(["coordinator:8558", "10.0.0.6:8559"], options.ContactPoints);
        Assert.Equal(8558, options.ManagementPort);
    }

    [Fact]
    public void Kubernetes_discovery_selects_the_cluster_member_label_on_the_given_port()
    {
        var options = DiscoveryOptions.Parse("kubernetes", null, "9558");
        Assert.Equal(DiscoveryMethod.Kubernetes, options.Method);
        Assert.Empty(options.ContactPoints);
        Assert.Equal(9558, options.ManagementPort);
        Assert.Equal("evopo.io/cluster-member=true", options.LabelSelector);
    }

    [Theory]
    [InlineData("consul", null, null, "--discovery must be config | kubernetes, got 'consul'")]
    [InlineData("config", null, null, "--discovery config needs --contact-points")]
    [InlineData("config", "coordinator", null, "--contact-points: 'coordinator' is not host:port")]
    [InlineData("config", "coordinator:0", null, "--contact-points: 'coordinator:0' is not host:port")]
    [InlineData("config", ":8558", null, "--contact-points: ':8558' is not host:port")]
    [InlineData("config", "[::1]:8558", null, "--contact-points: '[::1]:8558' is not host:port")]
    [InlineData("config", "a:8558,A:8558", null, "--contact-points lists an endpoint twice")]
    [InlineData("kubernetes", "a:8558", null, "--contact-points is for --discovery config")]
    [InlineData("kubernetes", null, "http", "--management-port must be an integer in [1, 65535], got 'http'")]
    [InlineData("kubernetes", null, "0", "--management-port must be an integer in [1, 65535], got '0'")]
    public void Bad_input_is_refused_with_a_message_naming_the_option(string method, string? contactPoints, string? port, string message)
    {
        var error = Assert.Throws<ArgumentException>(() => DiscoveryOptions.Parse(method, contactPoints, port));
        Assert.StartsWith(message, error.Message);
        Assert.DoesNotContain('\n', error.Message);
    }
}
