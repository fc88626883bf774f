using EvoPo.Coordinator.Hosting;

namespace EvoPo.Coordinator.Tests.Hosting;

/// <summary>Which pods of a PodList answer become contact points, and on which port.</summary>
public sealed class PodListTests
{
    [Fact]
    public void Running_pods_with_an_ip_and_a_management_port_are_contact_points_on_their_pod_ip()
    {
        const string json = """
            {"kind":"PodList","apiVersion":"v1","items":[
              {"metadata":{"name":"a"},"spec":{"containers":[{"name":"c","ports":[{"name":"remoting","containerPort":4053},{"name":"management","containerPort":8558}]}]},
               "status":{"phase":"Running","podIP":"10.1.0.7"}},
              {"metadata":{"name":"pending"},"spec":{"containers":[{"name":"c","ports":[{"name":"management","containerPort":8558}]}]},
               "status":{"phase":"Pending"}},
              {"metadata":{"name":"deleted","deletionTimestamp":"2026-11-29T10:00:00Z"},"spec":{"containers":[{"name":"c","ports":[{"name":"management","containerPort":8558}]}]},
               "status":{"phase":"Running","podIP":"10.1.0.8"}},
              {"metadata":{"name":"no-port"},"spec":{"containers":[{"name":"c","ports":[{"name":"remoting","containerPort":4053}]}]},
               "status":{"phase":"Running","podIP":"10.1.0.9"}},
              {"metadata":{"name":"no-ip"},"spec":{"containers":[{"name":"c","ports":[{"name":"management","containerPort":8558}]}]},
               "status":{"phase":"Running"}}
            ]}
            """;
        var target = Assert.Single(PodList.Targets(json, "management"));
        Assert.Equal("10.1.0.7", target.Host);
        Assert.Equal(8558, target.Port);
        Assert.Equal(System.Net.IPAddress.Parse("10.1.0.7"), target.Address);
    }

    [Fact]
    public void An_empty_list_has_no_contact_points() =>
        Assert.Empty(PodList.Targets("""{"kind":"PodList","apiVersion":"v1","metadata":{},"items":[]}""", "management"));
}
