using System.Collections.Concurrent;
using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace EvoPo.Coordinator.Tests.EndToEnd;

/// <summary>
/// A loopback stand-in for the one Kubernetes API call pod discovery makes, <c>GET /api/v1/namespaces/{ns}/pods?labelSelector=...</c>,
/// over HTTPS with a self-signed certificate that the nodes are given as the cluster CA, and a bearer token. It lists a Running pod on 127.0.0.1 per management
/// port, its container ports named as in deploy/k8s, for the namespace and selector it was given and no other.
/// </summary>
internal sealed class KubernetesApiStandIn : IAsyncDisposable
{
    public const string Token = "stand-in-service-account-token";

    private readonly WebApplication _app;
    private readonly X509Certificate2 _certificate;

    public KubernetesApiStandIn(string @namespace, string labelSelector, IReadOnlyList<int> managementPorts)
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = [] });
        builder.Logging.ClearProviders();
        using var key = RSA.Create(2048);
        // Like an API server's certificate: names the address clients use (the service IP in a cluster, loopback here).
        var request = new CertificateRequest("CN=kube-apiserver-stand-in", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var names = new SubjectAlternativeNameBuilder();
        names.AddIpAddress(IPAddress.Loopback);
        request.CertificateExtensions.Add(names.Build());
        _certificate = X509CertificateLoader.LoadPkcs12(
            request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(1)).Export(X509ContentType.Pfx), null);
        var certificate = _certificate;
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0, listen => listen.UseHttps(certificate)));
        _app = builder.Build();
        _app.MapGet("/api/v1/namespaces/{ns}/pods", (HttpContext context, string ns) =>
        {
            var selector = context.Request.Query["labelSelector"].ToString();
            var authorized = context.Request.Headers.Authorization.ToString() == $"Bearer {Token}";
            Requests.Enqueue($"{ns} {selector} {(authorized ? "authorized" : "unauthorized")}");
            if (!authorized) return Results.StatusCode(StatusCodes.Status401Unauthorized);
            var pods = ns == @namespace && selector == labelSelector ? managementPorts.Select(Pod).ToArray() : [];
            return Results.Text(JsonSerializer.Serialize(new { apiVersion = "v1", kind = "PodList", metadata = new { }, items = pods }), "application/json");
        });
        _app.StartAsync().GetAwaiter().GetResult();
        Port = new Uri(_app.Urls.First()).Port;
    }

    public int Port { get; }

    /// <summary>"namespace selector authorized|unauthorized" per request received.</summary>
    public ConcurrentQueue<string> Requests { get; } = new();

    /// <summary>The stand-in's certificate as PEM: the cluster CA a pod finds in its service account folder.</summary>
    public string WriteCertificateAuthority(string directory)
    {
        var path = Path.Combine(directory, "ca.crt");
        File.WriteAllText(path, _certificate.ExportCertificatePem());
        return path;
    }

    private static object Pod(int managementPort, int index) => new
    {
        metadata = new { name = $"evopo-{index}", labels = new Dictionary<string, string> { ["evopo.io/cluster-member"] = "true" } },
        spec = new
        {
            containers = new[]
            {
                new
                {
                    name = "evopo",
                    ports = new object[]
                    {
                        new { name = "remoting", containerPort = 4053 },
                        new { name = "management", containerPort = managementPort },
                        new { name = "http", containerPort = 9090 },
                    },
                },
            },
        },
        status = new { phase = "Running", podIP = "127.0.0.1" },
    };

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
